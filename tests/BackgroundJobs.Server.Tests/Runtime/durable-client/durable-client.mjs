// Drives the server's /runtime/webhooks/durabletask API with the unmodified npm `durable-functions`
// DurableClient, built the way a Functions app gets it: getClient() over a durableClient input
// binding whose management URLs point at the server. Started by DurableClientCompatibilityTests
// with the server's URL, key and task hub, and the ids of instances it scheduled to stay pending.
// Each check prints one JSON line; a failed assertion ends the script with exit code 1.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

// Both packages are CommonJS; require() gives every export, where an ESM import would not.
const require = createRequire(import.meta.url);
const { HttpRequest, InvocationContext } = require('@azure/functions');
const df = require('durable-functions');

const serverUrl = required('SERVER_URL').replace(/\/$/, '');
const key = required('API_KEY');
const taskHub = required('TASK_HUB');
const pendingPrefix = required('PENDING_PREFIX');
const pendingCount = Number(required('PENDING_COUNT'));
const startedAt = new Date(Date.now() - 60_000);

function required(name) {
    const value = process.env[name];
    if (!value) {
        throw new Error(`${name} is not set`);
    }
    return value;
}

function report(check, details = {}) {
    console.log(JSON.stringify({ check, ok: true, ...details }));
}

// The binding data the Functions host hands a JavaScript function, with this server's URLs. Without
// rpcBaseUrl the client uses the management URLs, which carry the key as `code`. getClient() rewrites
// their origin to localhost:7071 unless WEBSITE_HOSTNAME is set, as it is on a real host.
function client() {
    process.env.WEBSITE_HOSTNAME = new URL(serverUrl).host;
    const instance = `${serverUrl}/runtime/webhooks/durabletask/instances/INSTANCEID`;
    const query = `taskHub=${taskHub}&connection=Storage&code=${key}`;
    const clientData = {
        taskHubName: taskHub,
        creationUrls: {
            createNewInstancePostUri: `${serverUrl}/runtime/webhooks/durabletask/orchestrators/{functionName}[/{instanceId}]?code=${key}`,
            createAndWaitOnNewInstancePostUri: `${serverUrl}/runtime/webhooks/durabletask/orchestrators/{functionName}[/{instanceId}]?timeout={timeoutInSeconds}&pollingInterval={intervalInSeconds}&code=${key}`,
        },
        managementUrls: {
            id: 'INSTANCEID',
            statusQueryGetUri: `${instance}?${query}`,
            sendEventPostUri: `${instance}/raiseEvent/{eventName}?${query}`,
            terminatePostUri: `${instance}/terminate?reason={text}&${query}`,
            rewindPostUri: `${instance}/rewind?reason={text}&${query}`,
            purgeHistoryDeleteUri: `${instance}?${query}`,
            restartPostUri: `${instance}/restart?${query}`,
            suspendPostUri: `${instance}/suspend?reason={text}&${query}`,
            resumePostUri: `${instance}/resume?reason={text}&${query}`,
        },
        baseUrl: `${serverUrl}/runtime/webhooks/durabletask`,
        requiredQueryStringParameters: `code=${key}`,
    };
    const input = df.input.durableClient();
    const context = new InvocationContext({ functionName: 'compat', options: { extraInputs: [input] } });
    context.extraInputs.set(input, clientData);
    return df.getClient(context);
}

// Jobs start through the server's own API; the client only manages them.
async function api(method, path, body, contentType = 'application/json') {
    const response = await fetch(`${serverUrl}${path}`, {
        method,
        headers: { 'x-functions-key': key, 'content-type': contentType },
        body: contentType === 'application/json' ? JSON.stringify(body) : body,
    });
    const text = await response.text();
    assert.ok(response.status < 300, `${method} ${path}: ${response.status} ${text}`);
    return JSON.parse(text);
}

function bulkEmail(recipients) {
    return api('POST', '/api/jobs/bulk-email', {
        subject: 'Hi',
        text: 'Hello',
        recipients: Array.from({ length: recipients }, (_, i) => ({ email: `r${i}@example.com` })),
        batchSize: 1,
        maxParallelBatches: 1,
    });
}

async function until(what, read, done, timeoutMs = 120_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = await read();
        if (done(value)) {
            return value;
        }
        assert.ok(Date.now() < deadline, `${what}: still ${JSON.stringify(value)}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
    }
}

const statusOf = (c, id) => () => c.getStatus(id).then((s) => s.runtimeStatus);

async function main() {
    const c = client();
    const request = new HttpRequest({ url: `${serverUrl}/api/compat`, method: 'GET' });

    // Pending: scheduled by the test an hour ahead, so they stay pending.
    const pendingId = `${pendingPrefix}000`;
    const pending = await c.getStatus(pendingId);
    assert.equal(pending.runtimeStatus, df.OrchestrationRuntimeStatus.Pending);
    assert.equal(pending.output, null);
    report('getStatus pending', { id: pendingId });

    // Running: a bulk e-mail to a provider that answers slowly.
    const slow = await bulkEmail(40);
    const running = await until('slow job running', statusOf(c, slow.id), (s) => s === 'Running');
    report('getStatus running', { status: running });
    const hidden = await c.getStatus(slow.id, { showInput: false });
    assert.equal(hidden.input, null);
    assert.equal(hidden.output, null);
    const shown = await c.getStatus(slow.id, { showInput: true });
    assert.equal(shown.input.recipients.length, 40);
    report('getStatus showInput');

    const waited = await c.waitForCompletionOrCreateCheckStatusResponse(request, slow.id, { timeoutInMilliseconds: 1500, retryIntervalInMilliseconds: 500 });
    assert.equal(waited.status, 202);
    const checkStatus = await waited.json();
    assert.equal(checkStatus.id, slow.id);
    assert.ok(waited.headers.get('location').startsWith(`${serverUrl}/runtime/webhooks/durabletask/instances/${slow.id}`), waited.headers.get('location'));
    report('waitForCompletionOrCreateCheckStatusResponse running', { status: waited.status });

    await c.raiseEvent(slow.id, 'approval', { approved: true });
    report('raiseEvent');

    await c.suspend(slow.id, 'pause');
    await until('suspended', statusOf(c, slow.id), (s) => s === 'Suspended');
    report('suspend + getStatus suspended');
    await c.resume(slow.id, 'go');
    await until('resumed', statusOf(c, slow.id), (s) => s === 'Running');
    report('resume');

    await c.terminate(slow.id, 'stop');
    const terminated = await until('terminated', () => c.getStatus(slow.id), (s) => s.runtimeStatus === 'Terminated');
    assert.equal(terminated.output, 'stop');
    const afterTerminate = await c.waitForCompletionOrCreateCheckStatusResponse(request, slow.id, { timeoutInMilliseconds: 2000, retryIntervalInMilliseconds: 500 });
    assert.equal(afterTerminate.status, 200);
    report('terminate + getStatus terminated');

    // Completed.
    const quick = await bulkEmail(1);
    const completed = await c.waitForCompletionOrCreateCheckStatusResponse(request, quick.id, { timeoutInMilliseconds: 120_000, retryIntervalInMilliseconds: 500 });
    assert.equal(completed.status, 200, JSON.stringify(await c.getStatus(quick.id)));
    const output = await completed.json();
    assert.equal(output.sent, 1, JSON.stringify(output));
    assert.equal((await c.getStatus(quick.id)).runtimeStatus, 'Completed');
    report('waitForCompletionOrCreateCheckStatusResponse completed + getStatus completed', { output });

    // Failed: a document job over a file that claims to be a PDF.
    const upload = await api('POST', '/api/uploads', 'just some text that claims to be a PDF', 'application/pdf');
    const broken = await api('POST', '/api/jobs/documents', { blob: upload.name });
    const failed = await c.waitForCompletionOrCreateCheckStatusResponse(request, broken.id, { timeoutInMilliseconds: 120_000, retryIntervalInMilliseconds: 500 });
    assert.equal(failed.status, 500);
    const failedStatus = await failed.json();
    assert.equal(failedStatus.runtimeStatus, 'Failed');
    assert.match(String(failedStatus.output), /Unsupported file type/);
    assert.equal((await c.getStatus(broken.id)).runtimeStatus, 'Failed');
    report('waitForCompletionOrCreateCheckStatusResponse failed + getStatus failed');

    // The list: more than the server's page of 100, so the client follows x-ms-continuation-token.
    const firstPage = await fetch(`${serverUrl}/runtime/webhooks/durabletask/instances?code=${key}`);
    assert.ok(firstPage.headers.get('x-ms-continuation-token'), 'the first page of the list has no continuation token');
    const all = await c.getStatusAll();
    const ids = all.map((s) => s.instanceId);
    assert.equal(new Set(ids).size, ids.length, 'an instance came twice');
    for (const id of [pendingId, slow.id, quick.id, broken.id]) {
        assert.ok(ids.includes(id), `getStatusAll left out ${id}`);
    }
    report('getStatusAll', { count: all.length });

    const pendingOnly = await c.getStatusBy({ runtimeStatus: [df.OrchestrationRuntimeStatus.Pending] });
    assert.equal(pendingOnly.filter((s) => s.instanceId.startsWith(pendingPrefix)).length, pendingCount);
    assert.ok(pendingOnly.every((s) => s.runtimeStatus === 'Pending'));
    const finished = await c.getStatusBy({
        createdTimeFrom: startedAt,
        createdTimeTo: new Date(Date.now() + 60_000),
        runtimeStatus: [df.OrchestrationRuntimeStatus.Completed, df.OrchestrationRuntimeStatus.Failed, df.OrchestrationRuntimeStatus.Terminated],
    });
    for (const id of [slow.id, quick.id, broken.id]) {
        assert.ok(finished.some((s) => s.instanceId === id), `getStatusBy left out ${id}`);
    }
    assert.ok(finished.every((s) => ['Completed', 'Failed', 'Terminated'].includes(s.runtimeStatus)));
    assert.deepEqual(await c.getStatusBy({ createdTimeFrom: new Date(Date.now() + 3_600_000) }), []);
    report('getStatusBy', { pending: pendingOnly.length, finished: finished.length });

    // Purge one, then by filter.
    const purged = await c.purgeInstanceHistory(quick.id);
    assert.ok(purged.instancesDeleted >= 1, JSON.stringify(purged));
    await assert.rejects(c.getStatus(quick.id), /404/);
    assert.equal((await c.purgeInstanceHistory(quick.id)).instancesDeleted, 0);
    report('purgeInstanceHistory', purged);

    const byFilter = await c.purgeInstanceHistoryBy({ createdTimeFrom: startedAt, runtimeStatus: [df.OrchestrationRuntimeStatus.Failed] });
    assert.ok(byFilter.instancesDeleted >= 1, JSON.stringify(byFilter));
    await assert.rejects(c.getStatus(broken.id), /404/);
    assert.equal((await c.getStatus(slow.id)).runtimeStatus, 'Terminated');
    const none = await c.purgeInstanceHistoryBy({ createdTimeFrom: startedAt, runtimeStatus: [df.OrchestrationRuntimeStatus.Failed] });
    assert.equal(none.instancesDeleted, 0);
    report('purgeInstanceHistoryBy', byFilter);

    console.log('all checks passed');
}

main().catch((error) => {
    console.error(error && error.stack ? error.stack : error);
    process.exit(1);
});
