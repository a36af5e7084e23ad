using System.Text.Json;
using Akka.Actor;
using Akka.Configuration;
using Google.Protobuf;
using Hourglass.Backends.Mock;
using Hourglass.Configuration;
using Hourglass.FakeTemporal;
using Hourglass.Host.Cli;
using Hourglass.Protocol;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Hourglass.Tests.Host;

/// <summary>
/// One node run with <c>serve</c> in-process, its real backend pointed at a fake Temporal frontend,
/// shared by the tests of <see cref="ServeTests"/>. Its default namespace is <c>billing</c>, which the
/// fake server does not have until the node ensures it.
/// </summary>
public sealed class ServedNode : IAsyncLifetime
{
    public const string Namespace = "billing";

    public FakeTemporalServer Server { get; private set; } = null!;

    public RunningNode Node { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await FakeTemporalServer.StartAsync(new FakeTemporalOptions { Temporal = new InMemoryTemporal(["default"]) });
        Node = await RunningNode.StartAsync("--address", Server.Target, "--namespace", Namespace);
        // The tests start workflows in the namespace straight on the server: it must be there first.
        await Node.Log.WaitForLineAsync(l => l.Contains($"Namespace {Namespace} created"), RunningNode.StartTimeout);
    }

    public async Task DisposeAsync()
    {
        if (Node is not null) await Node.DisposeAsync();
        if (Server is not null) await Server.DisposeAsync();
    }
}

/// <summary>
/// <c>serve</c> and the operator verbs run on it with <c>--via</c>: each verb starts its own small
/// ActorSystem, finds the node's router over Akka.Remote and asks it; the node's real backend calls
/// the fake Temporal frontend.
/// </summary>
public sealed class ServeTests(ServedNode served) : IClassFixture<ServedNode>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private FakeTemporalServer Server => served.Server;

    private RunningNode Node => served.Node;

    private Task<CliRun> Via(params string[] args) => CliRun.Of([.. args, "--via", Node.Address]);

    [Fact]
    public async Task The_node_logs_each_line_once_with_one_timestamp_and_not_per_via_call()
    {
        for (var i = 0; i < 3; i++) Assert.True((await Via("count", "--json")).Code == 0);
        await Node.Log.WaitForLineAsync(l => l.Contains("is JOINING itself"), Patience);

        var lines = Node.Log.Lines;
        // One timestamp, the host logger's: no Akka "[INFO][date][thread][source]" prefix inside the message.
        Assert.All(lines.Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\d\d:\d\d:\d\d")), l =>
        {
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(l, @"\d\d:\d\d:\d\d\.\d{3}"));
            Assert.DoesNotContain("[INFO][", l);
        });
        // The node joins itself: Akka's "manual cluster join required" would mislead.
        Assert.DoesNotContain(lines, l => l.Contains("No seed-nodes configured"));
        // Connections coming and going (a --via call each) stay below Information.
        Assert.DoesNotContain(lines, l => l.Contains(" info Akka.Remote") || l.Contains("Removing receive buffers"));
        Assert.DoesNotContain(lines, l => l.Contains("endpointManager") && l.Contains(" info "));
    }

    [Fact]
    public async Task The_node_prints_its_address_and_roles_and_ensures_its_namespace_at_start()
    {
        using var patience = new CancellationTokenSource(Patience);

        var registered = await Server.WaitForRequestAsync<RegisterNamespaceRequest>(r => r.Namespace == ServedNode.Namespace, patience.Token);
        await Node.Log.WaitForLineAsync(l => l.Contains($"Namespace {ServedNode.Namespace} created (retention 3d)"), Patience);

        Assert.Matches(@"^akka\.tcp://hourglass@127\.0\.0\.1:\d+$", Node.Address);
        Assert.DoesNotMatch(@":4053$", Node.Address);
        Assert.Equal("hourglass", Node.Roles);
        Assert.Equal(TimeSpan.FromHours(72), registered.WorkflowExecutionRetentionPeriod.ToTimeSpan());
    }

    [Fact]
    public async Task Start_via_the_node_reaches_Temporal_in_the_nodes_default_namespace()
    {
        var text = await Via("start", "OrderWorkflow", "via-1", "--arg", "42", "--task-queue", "orders");
        var json = await Via("start", "OrderWorkflow", "via-2", "--json");

        Succeeded(text);
        var sent = Server.RequestsOf<StartWorkflowExecutionRequest>().Single(r => r.WorkflowId == "via-1");
        Assert.Equal((ServedNode.Namespace, "OrderWorkflow", "orders"), (sent.Namespace, sent.WorkflowType.Name, sent.TaskQueue.Name));
        Assert.Equal(42, sent.Input.Payloads_[0].ToValue<int>());
        Assert.StartsWith("Started OrderWorkflow on task queue orders", text.Output);
        Assert.Contains($"namespace    {ServedNode.Namespace}", text.Output);
        Assert.Contains($"run id       {RunIdOnServer("via-1")}", text.Output);

        Succeeded(json);
        var handle = json.Json;
        Assert.Equal(ServedNode.Namespace, handle.GetProperty("namespace").GetString());
        Assert.Equal("via-2", handle.GetProperty("workflowId").GetString());
        Assert.Equal(RunIdOnServer("via-2"), handle.GetProperty("runId").GetString());
        Assert.Equal(JsonValueKind.Null, handle.GetProperty("taskQueue").ValueKind);   // the node's default, not known here
        Assert.Equal("default", Server.RequestsOf<StartWorkflowExecutionRequest>().Single(r => r.WorkflowId == "via-2").TaskQueue.Name);
    }

    [Fact]
    public async Task Status_describe_signal_and_cancel_via_the_node()
    {
        var runId = StartOnServer("via-3");

        var status = await Via("status", "via-3", "--json");
        var describe = await Via("describe", "via-3");
        var signal = await Via("signal", "via-3", "approve", "--arg", "\"alice\"");
        var cancel = await Via("cancel", "via-3", "--reason", "changed", "--json");

        Succeeded(status);
        Assert.Equal(("Running", runId, ServedNode.Namespace),
            (status.Json.GetProperty("state").GetString(), status.Json.GetProperty("runId").GetString(), status.Json.GetProperty("namespace").GetString()));
        Succeeded(describe);
        Assert.StartsWith("via-3: Running", describe.Output);
        Assert.Contains($"namespace           {ServedNode.Namespace}", describe.Output);
        Succeeded(signal);
        Assert.Contains($"namespace    {ServedNode.Namespace}", signal.Output);   // the handle as the node answered it
        var signaled = Server.RequestsOf<SignalWorkflowExecutionRequest>().Single(r => r.WorkflowExecution.WorkflowId == "via-3");
        Assert.Equal(("approve", "alice"), (signaled.SignalName, signaled.Input.Payloads_[0].ToValue<string>()));
        Succeeded(cancel);
        Assert.True(cancel.Json.GetProperty("cancelRequested").GetBoolean());
        Assert.Equal("changed", Server.RequestsOf<RequestCancelWorkflowExecutionRequest>().Single(r => r.WorkflowExecution.WorkflowId == "via-3").Reason);
    }

    [Fact]
    public async Task A_history_larger_than_Akkas_default_frame_reaches_the_CLI()
    {
        var runId = StartOnServer("via-4");
        var big = new Payload { Metadata = { ["encoding"] = ByteString.CopyFromUtf8("binary/plain") }, Data = ByteString.CopyFrom(new byte[400_000]) };
        Server.Temporal.SignalWorkflowExecution(new SignalWorkflowExecutionRequest
        {
            Namespace = ServedNode.Namespace,
            WorkflowExecution = new WorkflowExecution { WorkflowId = "via-4", RunId = runId },
            SignalName = "bulk",
            Input = new Payloads { Payloads_ = { big } },
            RequestId = Guid.NewGuid().ToString(),
        });

        var run = await Via("history", "via-4");

        Succeeded(run);
        Assert.StartsWith($"History of {ServedNode.Namespace}/via-4: 3 events", run.Output);
        Assert.Contains("WorkflowExecutionSignaled", run.Output);
    }

    [Fact]
    public async Task An_error_via_the_node_exits_1_with_its_kind()
    {
        var text = await Via("describe", "ghost");
        var json = await Via("status", "ghost", "--json");

        Assert.True(text.Code == HourglassCli.OperationError, text.ToString());
        Assert.Equal("", text.Output);
        Assert.StartsWith("hourglass: operation failed: NotFound:", text.Error);
        Assert.True(json.Code == HourglassCli.OperationError, json.ToString());
        Assert.Equal("NotFound", json.Json.GetProperty("error").GetProperty("kind").GetString());
        Assert.Contains(Server.RequestsOf<DescribeWorkflowExecutionRequest>(), r => r.Execution.WorkflowId == "ghost" && r.Namespace == ServedNode.Namespace);
    }

    [Fact]
    public async Task A_remote_system_cannot_switch_the_production_node_to_the_mock()
    {
        var config = ConfigurationFactory.ParseString("""
            akka.actor.provider = remote
            akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
            akka.loglevel = WARNING
            """).WithFallback(HourglassConfig.Default());
        using var caller = ActorSystem.Create("remote-caller", config);
        try
        {
            var hourglass = await caller.ActorSelection($"{Node.Address}/user/hourglass").ResolveOne(Patience);
            var inbox = Inbox.Create(caller);

            inbox.Send(hourglass, new UseBackend(BackendKind.Mock));
            var refused = Assert.IsType<OperationFailed>(await inbox.ReceiveAsync(Patience));
            inbox.Send(hourglass, GetBackend.Instance);
            var inUse = Assert.IsType<BackendInUse>(await inbox.ReceiveAsync(Patience));

            Assert.Equal(ErrorKind.PermissionDenied, refused.Error.Kind);
            Assert.IsType<UseBackend>(refused.Request);
            Assert.Equal((BackendKind.Real, BackendSource.Config), (inUse.Backend.Kind, inUse.Source));
        }
        finally
        {
            await caller.Terminate();
        }
    }

    private string StartOnServer(string workflowId) =>
        Server.Temporal.StartWorkflowExecution(new StartWorkflowExecutionRequest
        {
            Namespace = ServedNode.Namespace,
            WorkflowId = workflowId,
            WorkflowType = new WorkflowType { Name = "OrderWorkflow" },
            TaskQueue = new TaskQueue { Name = "orders" },
            RequestId = Guid.NewGuid().ToString(),
            WorkflowIdReusePolicy = WorkflowIdReusePolicy.AllowDuplicate,
        }).RunId;

    private string RunIdOnServer(string workflowId) =>
        Server.Temporal.DescribeWorkflowExecution(new() { Namespace = ServedNode.Namespace, Execution = new() { WorkflowId = workflowId } })
            .WorkflowExecutionInfo.Execution.RunId;

    private static void Succeeded(CliRun run)
    {
        Assert.True(run.Code == 0, run.ToString());
        Assert.Equal("", run.Error);
    }
}
