using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hourglass.Backends.Mock;
using Hourglass.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Temporalio.Api.Common.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Exceptions;

namespace Hourglass.FakeTemporal.Server;

/// <summary>
/// The worker's part for the standalone fake frontend, over HTTP on 127.0.0.1: there is no worker,
/// so whoever tries the samples plays it with <c>curl</c>. Each command is a POST to
/// <c>/workflows/{workflowId}/{command}</c> with a JSON body (any content type; an empty body means
/// every field's default): <c>namespace</c> (default <c>default</c>) and <c>runId</c> (default: the
/// latest run) pick the workflow, the other fields are the command's. The commands call the engine's
/// own worker controls, as the mock's controls do.
/// </summary>
/// <remarks>
/// <list type="table">
/// <item><term>complete</term><description><c>result</c>: the workflow's result, any JSON value</description></item>
/// <item><term>fail</term><description><c>message</c>, <c>type</c>: the workflow fails with an application failure</description></item>
/// <item><term>fail-activity</term><description><c>activityType</c>, <c>attempt</c> (1), <c>message</c>, <c>type</c>;
/// <c>retrying</c> (true): the activity stays pending with its next attempt, as while the server retries it</description></item>
/// <item><term>honour-cancel</term><description>closes a cancel-requested run as the worker does when it honours the request</description></item>
/// <item><term>answer-query</term><description><c>queryType</c>, <c>answer</c> (any JSON value) or <c>failure</c> (a message):
/// every later query of that type gets it</description></item>
/// <item><term>answer-update</term><description><c>updateName</c>, <c>result</c> (any JSON value), or <c>failure</c> / <c>reject</c>
/// (a message): every later update of that name gets it</description></item>
/// </list>
/// A reply is <c>200</c> with <c>{"workflowId","runId"}</c>; a workflow that is not there <c>404</c>, a
/// malformed body <c>400</c>, a run in no state for the command <c>409</c>, each with <c>{"error"}</c>.
/// </remarks>
public sealed class FakeAdmin : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly InMemoryTemporal _engine;

    private FakeAdmin(WebApplication app, InMemoryTemporal engine)
    {
        _app = app;
        _engine = engine;
    }

    /// <summary>The commands, for the usage line.</summary>
    public static IReadOnlyList<string> Commands { get; } =
        ["complete", "fail", "fail-activity", "honour-cancel", "answer-query", "answer-update"];

    /// <summary>Where it listens, e.g. <c>http://127.0.0.1:7234</c>.</summary>
    public string Url { get; private set; } = "";

    /// <summary>Starts the admin interface for <paramref name="engine"/> on 127.0.0.1:<paramref name="port"/> (0 picks a free port).</summary>
    public static async Task<FakeAdmin> StartAsync(InMemoryTemporal engine, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var admin = new FakeAdmin(app, engine);
        app.MapPost("/workflows/{workflowId}/{command}", admin.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        admin.Url = app.Urls.Single().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal);
        return admin;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<IResult> HandleAsync(string workflowId, string command, HttpRequest request)
    {
        JsonObject body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body).ConfigureAwait(false) as JsonObject ?? new JsonObject();
        }
        catch (JsonException e) when (request.ContentLength is null or 0 && e.BytePositionInLine == 0 && e.LineNumber == 0)
        {
            body = new JsonObject();
        }
        catch (JsonException e)
        {
            return Error(StatusCodes.Status400BadRequest, $"the body is not a JSON object: {e.Message}");
        }

        var @namespace = Text(body, "namespace") ?? "default";
        var execution = new WorkflowExecution { WorkflowId = workflowId, RunId = Text(body, "runId") ?? "" };
        try
        {
            var done = command switch
            {
                "complete" => _engine.CompleteWorkflow(@namespace, execution, new Payloads { Payloads_ = { Payload(body["result"]) } }),
                "fail" => _engine.FailWorkflow(@namespace, execution, MockFailures.Application(Required(body, "message"), Text(body, "type") ?? "Error")),
                "fail-activity" => FailActivity(@namespace, execution, body),
                "honour-cancel" => HonourCancel(@namespace, execution, body),
                "answer-query" => AnswerQuery(@namespace, execution, body),
                "answer-update" => AnswerUpdate(@namespace, execution, body),
                _ => throw new ArgumentException($"no command {command}; one of {string.Join(", ", Commands)}"),
            };
            return Results.Json(new JsonObject { ["workflowId"] = done.WorkflowId, ["runId"] = done.RunId });
        }
        catch (ArgumentException e)
        {
            return Error(StatusCodes.Status400BadRequest, e.Message);
        }
        catch (RpcException e)
        {
            return Error(e.Code switch
            {
                RpcException.StatusCode.NotFound => StatusCodes.Status404NotFound,
                RpcException.StatusCode.InvalidArgument => StatusCodes.Status400BadRequest,
                _ => StatusCodes.Status409Conflict,
            }, e.Message);
        }
    }

    private WorkflowExecution FailActivity(string @namespace, WorkflowExecution execution, JsonObject body)
    {
        var activityType = Required(body, "activityType");
        var attempt = body["attempt"]?.GetValue<int>() ?? 1;
        var failure = MockFailures.Application(Required(body, "message"), Text(body, "type") ?? "Error");
        var run = _engine.CurrentRun(@namespace, execution);
        _engine.RecordActivityFailure(@namespace, run, activityType, attempt, failure);
        if (body["retrying"]?.GetValue<bool>() ?? true) _engine.SetPendingActivity(@namespace, run, activityType, attempt + 1, failure);
        return run;
    }

    // The worker closes a cancel-requested run as Canceled, with "details" when the body has them.
    private WorkflowExecution HonourCancel(string @namespace, WorkflowExecution execution, JsonObject body) =>
        _engine.HonourCancel(@namespace, execution, body.ContainsKey("details") ? new Payloads { Payloads_ = { Payload(body["details"]) } } : null);

    private WorkflowExecution AnswerQuery(string @namespace, WorkflowExecution execution, JsonObject body)
    {
        var queryType = Required(body, "queryType");
        var answer = Text(body, "failure") is { } failure ? QueryAnswer.Fail(failure) : QueryAnswer.OfPayloads([Payload(body["answer"])]);
        var run = _engine.CurrentRun(@namespace, execution);
        _engine.SetQueryHandler(@namespace, execution.WorkflowId, queryType, _ => answer);
        return run;
    }

    private WorkflowExecution AnswerUpdate(string @namespace, WorkflowExecution execution, JsonObject body)
    {
        var updateName = Required(body, "updateName");
        var answer = Text(body, "failure") is { } failure ? UpdateAnswer.Fail(failure)
            : Text(body, "reject") is { } reject ? UpdateAnswer.Reject(reject)
            : UpdateAnswer.CompleteWith([Payload(body["result"])]);
        var run = _engine.CurrentRun(@namespace, execution);
        _engine.SetUpdateHandler(@namespace, execution.WorkflowId, updateName, _ => answer);
        return run;
    }

    // A JSON value as the default data converter encodes it: null as binary/null, anything else json/plain.
    private static Payload Payload(JsonNode? value) =>
        HourglassPayload.From(value is null ? null : JsonSerializer.Deserialize<JsonElement>(value.ToJsonString()));

    private static string? Text(JsonObject body, string field) =>
        body[field] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static string Required(JsonObject body, string field) =>
        Text(body, field) is { Length: > 0 } text ? text : throw new ArgumentException($"the body needs \"{field}\" (a string)");

    private static IResult Error(int status, string message) =>
        Results.Json(new JsonObject { ["error"] = message }, statusCode: status);
}
