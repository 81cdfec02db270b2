// Package sim is a simulated RingCX (Engage Voice) server for developing and testing callboard
// without a contact centre: the RingCentral JWT login, the RingCX token exchange and refresh, the
// Active Calls API under the current (/voice/api/v1) and legacy (/api/v1) bases, the real-time agent
// and queue reports and the reference lists (roster, queues, dispositions, campaigns), a living call
// centre behind them, and fault knobs. It is written from shared/reference (NOTES.md, the page and
// the OpenAPI subset), independently of the api/ client, so a misreading on one side shows up as a
// failing test instead of agreeing with itself.
//
// Where the reference is silent the simulator decides, and says so here:
//
//   - Order of checks on an API request: outage (503) → forced 429 → rate limit (429) → random
//     upstream error (500/502/503) → routing (404, 405 with Allow) → credentials (401) → account
//     visibility (403) → uii format and parameters (400) → DeniedSessionTypes (403) → call lookup
//     (404) → the action's own true/false. 404 and 405 count against the rate limit like any
//     request a gateway sees.
//   - JSON errors carry errorCode VALIDATION_ERROR (400, with validationErrors naming every bad
//     parameter; value is null when the parameter is missing), UNAUTHORIZED (401), FORBIDDEN (403),
//     NOT_FOUND (404), METHOD_NOT_ALLOWED (405, generalMessage "Request method 'X' is not
//     supported"), TOO_MANY_REQUESTS (429), INTERNAL_ERROR (500). timestamp is sim-clock epoch ms.
//   - 401 bodies: no credentials → JSON "Full authentication is required to access this resource";
//     an unknown, garbled or forged token, a non-Bearer Authorization, or a JWT sent as X-Auth-Token →
//     text/plain "Invalid token"; an expired one (exp passed, or ExpireTokens) → "Jwt is expired".
//     The legacy base ignores Authorization: Bearer entirely (401 JSON, no credentials).
//   - Every token sees every configured sub-account and the main account (12440001), whose path
//     covers all sub-accounts; any other account id answers 403. An ACCOUNT list accepts the path
//     account or the main account id as productId (the page's example uses the main id).
//   - List parameters: productId is any integer (a 10-digit DNIS does not fit the spec's int32);
//     product without productId, page < 0, maxRows < 1 or beyond int32 → 400. Queued calls have
//     null dequeueTime and agent names; ~1% of calls have a null ani (withheld caller id).
//   - Actions: phone numbers must match +?[0-9]{7,15}; hangupSession matches the exact string
//     addSessionToCall was given. addSessionToCall answers false until the call is answered (queued
//     or a manual call still ringing). dispositionCall answers false on a queued call; an empty
//     callBackDTS is a 400 like any other malformed one. ringDuration must be 1..600 s.
//     createManualAgentCall's call rings 2–6 s, then connects, or ends if ringDuration is shorter;
//     that pickup happens even in a Static world, being the consequence of an action.
//   - The RingCentral token endpoint reads grant_type and assertion from the form body only.
//     Its errors carry errors[].errorCode OAU-123 (client), OAU-250 (grant type), OAU-144
//     (assertion). The exchange takes its parameters from the form body or the query; a missing,
//     unknown or expired RingCentral token → 401 JSON. Every exchange attempt counts toward
//     ExchangeLimit (refused ones do not). Refresh tokens are single-use and do not expire.
//   - Stats.RateLimited counts every 429 answered: rate limit, Force429 and exchange limit.
//   - The list faults (Malformed, Truncated, OversizedBytes) apply to activeCalls/list answers
//     with status 200 only. Truncated declares the full Content-Length, sends half and drops the
//     connection (the client reads io.ErrUnexpectedEOF). A request whose client gives up during
//     injected latency is logged with status 499.
//   - Control endpoints (/_sim/) are not authenticated, rate limited, faulted, logged or counted.
//     PUT /_sim/faults replaces all knobs, PATCH changes the named ones.
//   - The roster grows beyond AccountSpec.Agents when the target needs more hands (10% headroom),
//     so calls do not pile up in queue at 10,000 concurrent calls. A clock jump over an hour
//     restarts a living world at steady state instead of replaying every event. Ended calls stay
//     queryable through Call for the last 20,000 ended calls.
//   - Reporting and reference lists (reporting.go, refdata.go): each sub-account has one agent group
//     (id 5001+i, "<name> Agents"), one gate group holding its queues (3001+i, "<name> Queues") and
//     one dial group holding its campaigns (7001+i); the main account's path lists them all. Lists
//     answer whole without page/maxRows, zero-indexed pages with them; a group or gate id of another
//     account answers 404, a non-integer id 400. The real-time rows are the guide's fields (the spec
//     has none), every field present: agentState is ON_CALL, WRAP_UP (pendingDisposition 1 for the
//     gate's wrapTime after a call, unless it was dispositioned while it lasted), AVAILABLE, or an aux
//     state (LUNCH, AWAY, BREAK) for the few agents logged in but away, who get no calls.
//     callUii/callAni/callDnis are "" and gateId/campaignId null off a call; callSource is INBOUND,
//     OUTBOUND or MANUAL [guess]. Every agent serves every queue of its account (staffed,
//     available). A queue's counters count from UTC midnight, seeded at start as if the day had run,
//     and only grow until the next midnight. A Static world measures every duration at its creation
//     instant, so its rows do not change by themselves.
//   - The router (lifecycle.go): a caller reaches a free agent 1–6 s after arriving (greeting and
//     ring); one who finds nobody free waits in the account's line (every agent serves every queue
//     of their account), first come first served, and an agent freed while callers wait takes the
//     longest-waiting one 2 s later. The next caller goes to the agent idle longest. So callers wait
//     longer than seconds only while every agent is busy or away. A waiting caller gives up after
//     45 s to ~5 min; 4% are impatient and give up after 10 s to 2 min unless answered first. The
//     router does not model wrap-up: an agent in WRAP_UP may get the next call. A living world
//     starts with callers only in their greeting; a Static world, a snapshot for tests that routes
//     nothing, starts with a tenth of its calls waiting up to minutes, beside free agents.
//   - The floor moves by itself (liveness.go): each logged-in agent's aux state changes about every
//     10 minutes on average — an AVAILABLE agent (not in wrap-up, not on a call) goes to LUNCH, AWAY
//     or BREAK, or an away one comes back AVAILABLE from that moment — keeping the number away near
//     the start's. Arrivals come in rushes: the rate, and the count it steers toward, follow
//     1 + 0.7·sin(2πt/12 min) from the world's start, so in each rush more calls come than the
//     agents can take, callers wait (with nobody available) and the queues drain in the lull. Arrivals
//     are thinned from the peak rate, so a gap drawn in a lull does not hold back the next rush.
//     Aux changes draw from their own generator; a Static world has neither.
//   - dispositionCall accepts a name the call's gate or campaign lists and has not disabled (a
//     manual call: the account-wide list); system dispositions are dialer results, refused. The six
//     names the sim accepted before it had per-queue lists stay valid on every queue and campaign.
//   - GET /voice/api/v1/admin/auth (UserLoginView) is the supervisor the token stands for, with their
//     own phone (+16505550100) and every account; authToken is "", not the caller's token echoed.
//   - DenyReporting (/_sim/reporting?denied=) refuses realTimeData/* after the account check with 403
//     {"errorCode":"access.denied.exception","generalMessage":…,"timestamp":…}; the reference lists and
//     calls are unaffected. Outage, rate limit, Force429, ErrorRate and latency apply to the new
//     endpoints as to any; Malformed, Truncated and OversizedBytes stay aimed at activeCalls/list.
package sim
