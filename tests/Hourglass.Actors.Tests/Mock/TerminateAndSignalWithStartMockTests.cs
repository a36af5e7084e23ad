using Hourglass.Backends.Mock;
using Hourglass.Protocol;
using Hourglass.Tests.Support;
using Xunit.Abstractions;

namespace Hourglass.Tests.Mock;

/// <summary>
/// TerminateWorkflow, SignalWithStartWorkflow and typed search attributes on the mock backend (the
/// in-memory Temporal, with <c>CustomerId</c> registered by <c>hourglass.mock.search-attributes</c>).
/// </summary>
public sealed class TerminateAndSignalWithStartMockTests(ITestOutputHelper output)
    : HourglassTestKit(output, "hourglass.mock.search-attributes { CustomerId = Keyword }")
{
    private TerminateAndSignalWithStartScenarios Scenarios => new(this, Hourglass, handle =>
    {
        Hourglass.Tell(new CompleteWorkflow(handle, (object?)"done"));
        ExpectMsg<MockWorkflowUpdated>();
    });

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
}
