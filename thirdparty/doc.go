// Package thirdparty is batchlab's stand-in for a slow third-party API: a
// mock HTTP service that by default takes a fixed delay ([DefaultDelay],
// 200 ms) per entry, and the lean HTTP client the harness calls it with.
//
// The service ([Handler], served by an [http.Server] from [NewServer])
// answers
//
//	GET  /entries/{id}  after the delay: 200, empty body (400 for a bad id);
//	                    ?attempt=N names a retry (see below)
//	GET  /stats         counters as JSON: served, in_flight, peak_in_flight,
//	                    errors, cancelled, rejected, failed, hung, reset,
//	                    cpu_ns (the process's CPU so far)
//	                    (see [Stats])
//	POST /stats/reset   start a new peak_in_flight; returns the stats before
//	GET  /healthz       200 "ok\n"
//
// It stops waiting as soon as a client goes away, and counts how many
// requests it is serving at once, so a run can show how much concurrency a
// strategy really reached.
//
// The words are batchlab's (the glossary is in the strategies package): an
// entry is one GET /entries/{id}; a scenario is what the service does; a
// client's Concurrency is the concurrency of the run it serves, the most
// calls in flight at once. A scenario's capacity and rate limit are the
// service's own bounds, not a strategy's width or an adaptive strategy's
// limit.
//
// # Scenarios
//
// A [Scenario] makes the service behave like a real one: a latency
// distribution (fixed, uniform, normal, or log-normal given as median and
// p99), a capacity beyond which requests queue or get 429, a token-bucket
// rate limit (429 with Retry-After), and fractions of entries that answer
// 500, hang until the client gives up, or have their connection reset.
// Every random choice is a pure function of the scenario's seed, the entry
// id and the attempt ([Client.CallAttempt] sends it), so runs are
// repeatable and a retry draws afresh. [NewHandler] serves the seed's fixed
// delay; [NewScenarioHandler] serves any scenario.
//
// [ParseScenario] reads a spec: a preset name, optionally followed by
// key=value overrides, such as "flaky,errors=0.05" or "jittery,seed=7";
// [Scenario.String] writes the canonical spec back. A delay override scales
// the preset's whole latency shape: "jittery,delay=20ms" is jittery at a
// tenth, p99 80 ms, and its String, "jittery,delay=20ms,p99=80ms", records
// the times that ran; a time given explicitly is kept. The presets
// ([Presets]) are
//
//	steady      fixed 200 ms (the seed's service)
//	jittery     log-normal, median 200 ms, p99 800 ms
//	flaky       fixed 200 ms, 10 % of entries answer 500
//	limited     fixed 200 ms, capacity 500, beyond it 429 with Retry-After: 1
//	overloaded  fixed 200 ms, capacity 500, beyond it requests queue
//
// # Client
//
// The harness runs the service in its own process (cmd/thirdparty), so the
// client's allocation figures are the client's alone. For each run it
// resets the peak with [Client.ResetPeak], makes one [Client.Call] per entry
// from the strategy's tasks, and reads [Client.Stats] afterwards. A [Client]
// keeps one transport (HTTP/1.1, or h2c: see [Transport]) with an idle pool
// sized to the run's concurrency, so repeated wide fan-outs reuse
// connections. One connection
// is one open file, so it opens at most 80 % of the process's open-file
// limit ([OpenFileLimit]; 16,000 under this lab's 20,000), leaving the rest
// for the process's other files.
//
// # The user's own service
//
// A [Template] points the same client at a service batchlab does not
// control: a URL such as "http://127.0.0.1:8080/v1/items/{i}" whose
// [Placeholder] is the entry's index, with a method, headers (whose values
// are never shown: [Template.HeaderNames]), a body expanded the same way,
// and the [Statuses] that count as success. [NewTemplateClient] calls it;
// a status outside them is a [*StatusError] like the mock's, so failure
// classes and Overloaded (429, 503) mean the same. Such a service has no
// /stats or /healthz: [IsTemplate] tells a template from the mock's bare
// base URL.
package thirdparty
