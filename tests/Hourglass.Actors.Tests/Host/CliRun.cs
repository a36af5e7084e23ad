using System.Text.Json;
using Hourglass.FakeTemporal;
using Hourglass.Host.Cli;
using Hourglass.Protocol;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Hourglass.Tests.Host;

/// <summary>What one in-process run of the command line printed and returned.</summary>
public sealed record CliRun(int Code, string Output, string Error)
{
    /// <summary>Runs <c>hourglass</c> with <paramref name="args"/> in-process.</summary>
    public static async Task<CliRun> Of(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await HourglassCli.RunAsync(args, output, error);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    /// <summary>Stdout as the one JSON document it must be (parsing fails on anything before or after it).</summary>
    public JsonElement Json
    {
        get
        {
            using var document = JsonDocument.Parse(Output);
            return document.RootElement.Clone();
        }
    }

    /// <summary>Everything printed, for checks that something was printed nowhere.</summary>
    public string Everything => Output + Error;

    public override string ToString() => $"exit {Code}\n--- stdout\n{Output}--- stderr\n{Error}";
}

/// <summary>
/// Tests of the operator verbs against a fake Temporal frontend of their own, started for each
/// test. <see cref="Run"/> points the command line at it with <c>--address</c>.
/// </summary>
public abstract class FakeServerCliTests : IAsyncLifetime
{
    protected FakeTemporalServer Server { get; private set; } = null!;

    public virtual async Task InitializeAsync() => Server = await FakeTemporalServer.StartAsync(ServerOptions());

    public virtual async Task DisposeAsync() => await Server.DisposeAsync();

    protected virtual FakeTemporalOptions ServerOptions() =>
        new() { Temporal = new Hourglass.Backends.Mock.InMemoryTemporal(["default", "tenant-a"]) };

    /// <summary>Runs the command line against the fake server.</summary>
    protected Task<CliRun> Run(params string[] args) => CliRun.Of([.. args, "--address", Server.Target]);

    /// <summary>Starts a workflow straight on the fake server's engine; returns its run id.</summary>
    protected string StartOnServer(string workflowId, string @namespace = "default", params object?[] args)
    {
        var request = new StartWorkflowExecutionRequest
        {
            Namespace = @namespace,
            WorkflowId = workflowId,
            WorkflowType = new WorkflowType { Name = "OrderWorkflow" },
            TaskQueue = new TaskQueue { Name = "orders" },
            RequestId = Guid.NewGuid().ToString(),
            WorkflowIdReusePolicy = WorkflowIdReusePolicy.AllowDuplicate,
        };
        if (args.Length > 0) request.Input = new Payloads { Payloads_ = { HourglassPayload.FromValues(args) } };
        return Server.Temporal.StartWorkflowExecution(request).RunId;
    }

    protected static WorkflowExecution Execution(string workflowId, string runId) => new() { WorkflowId = workflowId, RunId = runId };

    protected static void Succeeded(CliRun run)
    {
        Assert.True(run.Code == 0, run.ToString());
        Assert.Equal("", run.Error);
    }

    protected static void FailedWith(CliRun run, int code)
    {
        Assert.True(run.Code == code, run.ToString());
    }
}
