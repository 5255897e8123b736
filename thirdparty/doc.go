// Package thirdparty is batchlab's stand-in for a slow third-party API: a
// mock HTTP service that takes a fixed delay ([DefaultDelay], 200 ms) per
// entry, and the lean HTTP client the harness calls it with.
//
// The service ([Service], served by an [http.Server] from [NewServer])
// answers
//
//	GET  /entries/{id}  after the delay: 200 "ok\n" (400 for a bad id)
//	GET  /stats         counters as JSON: served, in_flight, peak_in_flight,
//	                    errors, cancelled (see [Stats])
//	POST /stats/reset   start a new peak_in_flight; returns the stats before
//	GET  /healthz       200 "ok\n"
//
// It stops waiting as soon as a client goes away, and counts how many
// requests it is delaying at once, so a run can show how much concurrency a
// strategy really reached.
//
// The harness runs the service in its own process (cmd/thirdparty), so the
// client's allocation figures are the client's alone. For each run it
// resets the peak with [Client.ResetPeak], makes one [Client.Call] per entry
// from the strategy's tasks, and reads [Client.Stats] afterwards. A [Client]
// keeps one HTTP/1.1 transport with an idle pool sized to the run's
// concurrency, so repeated wide fan-outs reuse connections; it opens at most
// 16,000 connections, under the machine's limit of 20,000 open files.
package thirdparty
