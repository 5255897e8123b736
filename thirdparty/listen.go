package thirdparty

// ListenPrefix starts the one line the mock service's command prints to
// stdout once its listener is open, followed by its base URL:
//
//	thirdparty: listening on http://127.0.0.1:41234
//
// A harness that starts the service on port 0 reads the URL from this
// line, so the service picks a free port itself and no port is raced for.
// The service prints it and the harness reads it through this one constant.
const ListenPrefix = "thirdparty: listening on "
