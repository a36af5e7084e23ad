// The examples in README.md, verbatim: if this file stops compiling or passing, the README is wrong.
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Akka.TestKit.Xunit2;
using Hourglass;
using Hourglass.Configuration;
using Hourglass.FakeTemporal;
using Temporalio.Api.WorkflowService.V1;
using StatusCode = Temporalio.Exceptions.RpcException.StatusCode;
using Hourglass.Backends.Mock;
using Hourglass.Protocol;
using Temporalio.Api.Enums.V1;
using Xunit;
using Akka.Hosting;
using Hourglass.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Hourglass.Health;
using Hourglass.Telemetry;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Hourglass.Tests.Readme;

// --- README: an actor that uses Hourglass ---
public sealed record PlaceOrder(string OrderId, decimal Amount);

public sealed class OrderActor : ReceiveActor
{
    public OrderActor(IActorRef hourglass)
    {
        Receive<PlaceOrder>(order =>
            hourglass.Tell(new StartWorkflow("OrderWorkflow", $"order-{order.OrderId}", order) { TaskQueue = "orders" }));
        Receive<WorkflowStarted>(started =>
            hourglass.Tell(new SignalWorkflow(started.Handle, "approve", "alice")));
        Receive<WorkflowSignaled>(signaled =>
            Context.Parent.Tell(signaled.Handle));
        Receive<OperationFailed>(failed =>
            Context.GetLogger().Warning("{0} failed: {1}", failed.Request, failed.Error));
    }
}

// --- README: a TestKit test, no cluster and no Temporal server ---
public class OrderWorkflowTests : TestKit
{
    public OrderWorkflowTests() : base("hourglass.client-backend = mock") { }

    [Fact]
    public void Start_signal_cancel_and_await()
    {
        var hourglass = Sys.StartHourglass();

        hourglass.Tell(new StartWorkflow("OrderWorkflow", "order-1", 42));
        var handle = ExpectMsg<WorkflowStarted>().Handle;

        hourglass.Tell(new SignalWorkflow(handle, "approve", "alice"));
        ExpectMsg<WorkflowSignaled>();

        hourglass.Tell(new CancelWorkflow(handle, "changed my mind"));
        ExpectMsg<CancelRequested>();   // recorded; the run stays Running until its worker acts

        hourglass.Tell(new GetWorkflowStatus(handle));
        Assert.True(ExpectMsg<WorkflowStatus>().CancelRequested);

        hourglass.Tell(new HonourCancel(handle));   // the mock plays the worker honouring it
        ExpectMsg<MockWorkflowUpdated>();

        hourglass.Tell(new AwaitWorkflow(handle, TimeSpan.FromSeconds(5)));
        Assert.Equal(WorkflowState.Canceled, ExpectMsg<WorkflowClosed>().Status.State);
    }

    [Fact]
    public void Play_the_worker_and_await_the_result()
    {
        var hourglass = Sys.StartHourglass();
        hourglass.Tell(new StartWorkflow("OrderWorkflow", "order-2", 42));
        var handle = ExpectMsg<WorkflowStarted>().Handle;

        hourglass.Tell(new CompleteWorkflow(handle, "shipped"));   // the mock plays the worker
        ExpectMsg<MockWorkflowUpdated>();

        hourglass.Tell(new AwaitWorkflow(handle, TimeSpan.FromSeconds(5)));
        Assert.Equal("shipped", ExpectMsg<WorkflowClosed>().ResultAs<string>());
    }

    [Fact]
    public void Override_the_backend_for_this_test_only()
    {
        var hourglass = Sys.StartHourglass();
        var backend = CreateTestProbe();

        hourglass.Tell(new UseBackend(BackendChoice.Of(backend)));   // only TestActor's operations
        var previous = ExpectMsg<BackendChanged>().Previous;        // null: it had no override

        hourglass.Tell(new StartWorkflow("OrderWorkflow", "order-3"));
        var sent = backend.ExpectMsg<StartWorkflow>();                // exactly what a backend would get
        backend.Reply(new WorkflowStarted(new WorkflowHandle(sent.Namespace!, sent.WorkflowId, Guid.NewGuid().ToString())));
        ExpectMsg<WorkflowStarted>();

        hourglass.Tell(new UseBackend(previous));                    // restore
        ExpectMsg<BackendChanged>();
    }

    [Fact]
    public void Script_the_mock_like_Mox()
    {
        var hourglass = Sys.StartHourglass();
        hourglass.Tell(MockScript.Expect<StartWorkflow>(_ => new HourglassError(ErrorKind.AlreadyStarted, "taken")));
        ExpectMsg<MockScriptAccepted>();

        hourglass.Tell(new StartWorkflow("OrderWorkflow", "order-4"));
        Assert.Equal(ErrorKind.AlreadyStarted, ExpectMsg<OperationFailed>().Error.Kind);

        hourglass.Tell(MockScript.Verify());
        Assert.True(ExpectMsg<MockVerified>().Satisfied);
    }

    [Fact]
    public void Answer_queries_and_updates_as_the_worker()
    {
        var hourglass = Sys.StartHourglass();
        hourglass.Tell(new StartWorkflow("CartWorkflow", "cart-1"));
        var handle = ExpectMsg<WorkflowStarted>().Handle;

        // The mock plays the worker's query and update handlers for every run of cart-1.
        hourglass.Tell(new AnswerQuery(handle.WithoutRun(), "count", QueryAnswer.Of(3)));
        ExpectMsg<MockWorkflowUpdated>();
        hourglass.Tell(new HandleUpdate(handle.WithoutRun(), "add", args => UpdateAnswer.Complete($"added {args[0].ToValue<string>()}")));
        ExpectMsg<MockWorkflowUpdated>();

        hourglass.Tell(new QueryWorkflow(handle, "count"));
        Assert.Equal(3, ExpectMsg<WorkflowQueried>().ResultAs<int>());

        hourglass.Tell(new UpdateWorkflow(handle, "add", "apple"));
        Assert.Equal("added apple", ExpectMsg<WorkflowUpdated>().ResultAs<string>());
    }

    // --- README: testing against a fake Temporal frontend ---
    [Fact]
    public async Task Real_backend_against_the_fake_frontend()
    {
        await using var server = await FakeTemporalServer.StartAsync();
        var settings = HourglassSettings.Create(ConfigurationFactory.ParseString($"""
            hourglass.client-backend = real
            hourglass.real.target-host = "{server.Target}"
            """));
        var hourglass = Sys.ActorOf(ClientBackendActor.Props(settings));
        hourglass.Tell(new StartWorkflow("OrderWorkflow", "order-1"));
        ExpectMsg<WorkflowStarted>();
        var sent = server.RequestsOf<StartWorkflowExecutionRequest>().Single();   // what reached the server
        server.InjectFault("SignalWorkflowExecution", FakeFault.Error(StatusCode.Unavailable, "down"));

        Assert.Equal("order-1", sent.WorkflowId);
        Assert.Single(server.Faults);
    }

    [Fact]
    public void The_order_actor_starts_and_signals()
    {
        var hourglass = Sys.StartHourglass();
        var parent = CreateTestProbe();
        parent.ChildActorOf(Props.Create(() => new OrderActor(hourglass)))
              .Tell(new PlaceOrder("77", 9.5m));

        Assert.Equal("order-77", parent.ExpectMsg<WorkflowHandle>().WorkflowId);
    }

    [Fact]
    public async Task List_and_count_with_the_helpers()
    {
        var hourglass = Sys.StartHourglass();
        await hourglass.StartWorkflowAsync(new StartWorkflow("OrderWorkflow", "order-5"));

        // --- README: listing and counting ---
        WorkflowsListed page = await hourglass.ListWorkflowsAsync("ExecutionStatus = 'Running'", pageSize: 100);
        await foreach (var execution in hourglass.ListAllWorkflowsAsync("WorkflowType = 'OrderWorkflow'"))
            Console.WriteLine($"{execution.Execution.WorkflowId} {execution.Status}");
        WorkflowsCounted counted = await hourglass.CountWorkflowsAsync("GROUP BY ExecutionStatus");
        var running = counted.Groups.SingleOrDefault(g => g.Status == WorkflowExecutionStatus.Running)?.Count ?? 0;

        Assert.Equal("order-5", Assert.Single(page.Executions).Execution.WorkflowId);
        Assert.Equal(1, running);
    }
}

// --- README: payloads, converter and codec (compiled: the snippet must stay valid) ---
public static class PayloadCodecHostingExample
{
    public static void Configure(Microsoft.Extensions.Hosting.HostApplicationBuilder builder, byte[] keyFromVault)
    {
        builder.Services.AddAkka("orders", akka => akka
            .WithHourglass(o =>
            {
                o.PayloadCodec = new EncryptionCodec(keyFromVault);   // your Temporalio IPayloadCodec
                o.PayloadConverter = new CamelCaseConverter();        // optional
            }));
    }

    public sealed class EncryptionCodec(byte[] key) : Temporalio.Converters.IPayloadCodec
    {
        public byte[] Key { get; } = key;

        public Task<IReadOnlyCollection<Temporalio.Api.Common.V1.Payload>> EncodeAsync(IReadOnlyCollection<Temporalio.Api.Common.V1.Payload> payloads) =>
            Task.FromResult(payloads);

        public Task<IReadOnlyCollection<Temporalio.Api.Common.V1.Payload>> DecodeAsync(IReadOnlyCollection<Temporalio.Api.Common.V1.Payload> payloads) =>
            Task.FromResult(payloads);
    }

    public sealed class CamelCaseConverter : Temporalio.Converters.DefaultPayloadConverter;
}

// --- README: metrics, traces and health in your own app ---
public sealed class ObservabilityHostingExample
{
    internal static void Configure(Microsoft.Extensions.Hosting.HostApplicationBuilder builder, string temporalAddress)
    {
        builder.Services.AddAkka("orders", akka => akka.WithHourglass(o => o.Real.TargetHost = temporalAddress));
        builder.Services.AddHealthChecks().AddHourglass();       // "hourglass-live" (tag live), "hourglass-ready" (tag ready)
        builder.Services.AddOpenTelemetry()
            .WithTracing(t => t.AddSource(HourglassTelemetry.Name).AddOtlpExporter())
            .WithMetrics(m => m.AddMeter(HourglassTelemetry.Name).AddOtlpExporter());
    }

    [Fact]
    public async Task The_snippets_host_is_live_and_ready_while_Temporal_answers()
    {
        await using var temporal = await FakeTemporalServer.StartAsync();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration["OTEL_SDK_DISABLED"] = "true";   // nothing to export to here
        Configure(builder, temporal.Target);
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
            Assert.True(report.Status == HealthStatus.Healthy, string.Join("; ", report.Entries.Select(e => $"{e.Key}: {e.Value.Description}")));
            Assert.Equal([HourglassHealthChecks.LivenessName, HourglassHealthChecks.ReadinessName], report.Entries.Keys.Order().ToArray());
            Assert.Contains($"Temporal at {temporal.Target} answered a probe", report.Entries[HourglassHealthChecks.ReadinessName].Description);
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
