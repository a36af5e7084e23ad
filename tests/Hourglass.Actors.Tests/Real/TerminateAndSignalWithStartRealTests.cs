using Hourglass.Backends.Mock;
using Hourglass.FakeTemporal;
using Hourglass.Protocol;
using Hourglass.Tests.Support;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;
using Xunit.Abstractions;

namespace Hourglass.Tests.Real;

/// <summary>
/// TerminateWorkflow, SignalWithStartWorkflow and typed search attributes through the real backend
/// and the Temporalio client against the fake frontend (whose engine registers <c>CustomerId</c>).
/// </summary>
public sealed class TerminateAndSignalWithStartRealTests(ITestOutputHelper output) : RealBackendTestKit(output)
{
    private TerminateAndSignalWithStartScenarios Scenarios => new(this, Router, handle =>
        Server.Temporal.CompleteWorkflow(handle.Namespace, new() { WorkflowId = handle.WorkflowId, RunId = handle.RunId }, null));

    protected override FakeTemporalOptions ServerOptions() => new()
    {
        Temporal = new InMemoryTemporal(["default"], searchAttributes: new Dictionary<string, IndexedValueType> { ["CustomerId"] = IndexedValueType.Keyword }),
    };

    [Fact]
    public void Terminate_closes_a_running_run_with_its_reason_details_and_identity() => Scenarios.Terminate_closes_a_running_run_with_its_reason_details_and_identity();

    [Fact]
    public void Terminate_of_the_latest_run_without_a_reason_records_the_servers_default() => Scenarios.Terminate_of_the_latest_run_without_a_reason_records_the_servers_default();

    [Fact]
    public void Terminate_of_a_closed_or_missing_run_is_NotFound() => Scenarios.Terminate_of_a_closed_or_missing_run_is_NotFound();

    [Fact]
    public void Signal_with_start_on_a_new_id_starts_a_run_whose_history_has_the_signal_after_the_start() => Scenarios.Signal_with_start_on_a_new_id_starts_a_run_whose_history_has_the_signal_after_the_start();

    [Fact]
    public void Signal_with_start_on_a_running_run_signals_it_and_starts_nothing() => Scenarios.Signal_with_start_on_a_running_run_signals_it_and_starts_nothing();

    [Fact]
    public void Signal_with_start_retried_with_the_same_request_id_signals_once_and_answers_the_same_run() => Scenarios.Signal_with_start_retried_with_the_same_request_id_signals_once_and_answers_the_same_run();

    [Fact]
    public void TerminateExisting_replaces_the_running_run_and_Fail_is_refused_before_any_call() => Scenarios.TerminateExisting_replaces_the_running_run_and_Fail_is_refused_before_any_call();

    [Fact]
    public void On_a_closed_run_the_id_reuse_policy_decides() => Scenarios.On_a_closed_run_the_id_reuse_policy_decides();

    [Fact]
    public void A_signal_with_start_gives_a_run_waiting_out_its_start_delay_its_first_workflow_task_at_once() => Scenarios.A_signal_with_start_gives_a_run_waiting_out_its_start_delay_its_first_workflow_task_at_once();

    [Fact]
    public void Search_attributes_of_every_type_are_in_the_started_event_and_in_describe() => Scenarios.Search_attributes_of_every_type_are_in_the_started_event_and_in_describe();

    [Fact]
    public void Describe_of_a_run_without_search_attributes_shows_an_empty_message() => Scenarios.Describe_of_a_run_without_search_attributes_shows_an_empty_message();

    [Fact]
    public void A_search_attribute_the_namespace_does_not_know_or_of_another_type_is_refused_by_the_server() => Scenarios.A_search_attribute_the_namespace_does_not_know_or_of_another_type_is_refused_by_the_server();

    [Fact]
    public void The_requests_carry_every_field_as_the_server_takes_them()
    {
        var start = Serialization.SampleMessages.FullStart() with { Namespace = "default", IdReusePolicy = WorkflowIdReusePolicy.AllowDuplicate };
        Router.Tell(new SignalWithStartWorkflow(start, "approve", "alice"));
        var started = ExpectMsg<WorkflowStarted>(TimeSpan.FromSeconds(10));
        Router.Tell(new TerminateWorkflow(started.Handle, "done with it", "detail"));
        ExpectMsg<WorkflowTerminated>(TimeSpan.FromSeconds(10));

        var sent = Assert.Single(Server.RequestsOf<SignalWithStartWorkflowExecutionRequest>());
        Assert.Equal(("default", "order-1", "OrderWorkflow", "orders"), (sent.Namespace, sent.WorkflowId, sent.WorkflowType.Name, sent.TaskQueue.Name));
        Assert.Equal((start.RequestId, "approve"), (sent.RequestId, sent.SignalName));
        Assert.Equal("alice", sent.SignalInput.Payloads_[0].ToValue<string>());
        Assert.Equal(42, sent.Input.Payloads_[1].ToValue<int>());
        Assert.Equal((WorkflowIdReusePolicy.AllowDuplicate, WorkflowIdConflictPolicy.UseExisting), (sent.WorkflowIdReusePolicy, sent.WorkflowIdConflictPolicy));
        Assert.Equal((TimeSpan.FromHours(1), TimeSpan.FromTicks(123_456_789), TimeSpan.FromSeconds(10)),
            (sent.WorkflowExecutionTimeout.ToTimeSpan(), sent.WorkflowRunTimeout.ToTimeSpan(), sent.WorkflowTaskTimeout.ToTimeSpan()));
        Assert.Equal(4, sent.RetryPolicy.MaximumAttempts);
        Assert.Equal("alice", sent.Memo.Fields["customer"].ToValue<string>());
        Assert.Equal(7, sent.SearchAttributes.IndexedFields.Count);
        Assert.Equal(TimeSpan.Zero, sent.WorkflowStartDelay.ToTimeSpan());
        Assert.False(string.IsNullOrEmpty(sent.Identity));

        var terminate = Assert.Single(Server.RequestsOf<TerminateWorkflowExecutionRequest>());
        Assert.Equal(("default", "order-1", started.Handle.RunId, "done with it", sent.Identity),
            (terminate.Namespace, terminate.WorkflowExecution.WorkflowId, terminate.WorkflowExecution.RunId, terminate.Reason, terminate.Identity));
        Assert.Equal("detail", terminate.Details.Payloads_[0].ToValue<string>());
    }
}
