using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Hourglass.Protocol;
using Hourglass.Temporal;
using Temporalio.Api.Common.V1;
using Temporalio.Api.ErrorDetails.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.WorkflowService.V1;
using Failure = Temporalio.Api.Failure.V1.Failure;

namespace Hourglass.Tests.Codecs;

/// <summary>The payload walk the codec relies on: every payload found, search attributes left alone.</summary>
public sealed class PayloadVisitorTests
{
    private static readonly ByteString Seen = ByteString.CopyFromUtf8("yes");

    // Marks each payload it is given, so a test sees which ones were reached.
    private static Task<IReadOnlyCollection<Payload>> Mark(IReadOnlyCollection<Payload> payloads) =>
        Task.FromResult<IReadOnlyCollection<Payload>>(payloads.Select(p =>
        {
            var marked = p.Clone();
            marked.Metadata["visited"] = Seen;
            return marked;
        }).ToList());

    private static bool Marked(Payload payload) => payload.Metadata.ContainsKey("visited");

    private static Failure FailureWithDetails(string message, Failure? cause = null) => new()
    {
        Message = message,
        EncodedAttributes = HourglassPayload.From(new { message }),
        ApplicationFailureInfo = new ApplicationFailureInfo { Type = "E", Details = new Payloads { Payloads_ = { HourglassPayload.From(message) } } },
        Cause = cause,
    };

    [Fact]
    public async Task Every_payload_of_a_history_is_reached_through_events_maps_lists_and_failure_causes()
    {
        var started = new WorkflowExecutionStartedEventAttributes
        {
            Input = new Payloads { Payloads_ = { HourglassPayload.FromValues(1, "two") } },
            Memo = new Memo { Fields = { ["team"] = HourglassPayload.From("payments") } },
            Header = new Header { Fields = { ["trace"] = HourglassPayload.From("00-abc") } },
            SearchAttributes = new SearchAttributes { IndexedFields = { ["CustomKeyword"] = HourglassPayload.From("kw") } },
            LastCompletionResult = new Payloads { Payloads_ = { HourglassPayload.From(3) } },
            ContinuedFailure = FailureWithDetails("outer", FailureWithDetails("inner")),
        };
        var response = new GetWorkflowExecutionHistoryResponse
        {
            History = new History
            {
                Events =
                {
                    new HistoryEvent { EventId = 1, WorkflowExecutionStartedEventAttributes = started },
                    new HistoryEvent { EventId = 2, WorkflowExecutionSignaledEventAttributes = new() { SignalName = "s", Input = new Payloads { Payloads_ = { HourglassPayload.From("sig") } } } },
                    new HistoryEvent { EventId = 3, WorkflowExecutionCompletedEventAttributes = new() { Result = new Payloads { Payloads_ = { HourglassPayload.From("done") } } } },
                },
            },
        };

        await PayloadVisitor.VisitAsync(response, Mark);

        var events = response.History.Events;
        var attributes = events[0].WorkflowExecutionStartedEventAttributes;
        Assert.All(attributes.Input.Payloads_, p => Assert.True(Marked(p)));
        Assert.True(Marked(attributes.Memo.Fields["team"]));
        Assert.True(Marked(attributes.Header.Fields["trace"]));
        Assert.True(Marked(attributes.LastCompletionResult.Payloads_[0]));
        Assert.True(Marked(attributes.ContinuedFailure.EncodedAttributes));
        Assert.True(Marked(attributes.ContinuedFailure.ApplicationFailureInfo.Details.Payloads_[0]));
        Assert.True(Marked(attributes.ContinuedFailure.Cause.ApplicationFailureInfo.Details.Payloads_[0]));
        Assert.True(Marked(attributes.ContinuedFailure.Cause.EncodedAttributes));
        Assert.False(Marked(attributes.SearchAttributes.IndexedFields["CustomKeyword"]));
        Assert.True(Marked(events[1].WorkflowExecutionSignaledEventAttributes.Input.Payloads_[0]));
        Assert.True(Marked(events[2].WorkflowExecutionCompletedEventAttributes.Result.Payloads_[0]));
        Assert.Equal(1, attributes.Input.Payloads_[0].ToValue<int>());
    }

    [Fact]
    public async Task Payloads_packed_in_an_Any_are_reached_and_packed_again()
    {
        var status = new GrpcStatus { Details = { Any.Pack(new QueryFailedFailure { Failure = FailureWithDetails("query broke") }) } };
        Assert.True(PayloadVisitor.MayHold(status.Details[0]));

        await PayloadVisitor.VisitAsync(status, Mark);

        var unpacked = status.Details[0].Unpack<QueryFailedFailure>();
        Assert.True(Marked(unpacked.Failure.ApplicationFailureInfo.Details.Payloads_[0]));
        Assert.Equal("query broke", unpacked.Failure.Message);
    }

    [Fact]
    public void Which_messages_can_hold_payloads_is_known_from_their_types()
    {
        Assert.True(PayloadVisitor.MayHold(StartWorkflowExecutionRequest.Descriptor));
        Assert.True(PayloadVisitor.MayHold(DescribeWorkflowExecutionResponse.Descriptor));
        Assert.True(PayloadVisitor.MayHold(ListWorkflowExecutionsResponse.Descriptor));
        Assert.True(PayloadVisitor.MayHold(QueryWorkflowResponse.Descriptor));
        Assert.False(PayloadVisitor.MayHold(DescribeWorkflowExecutionRequest.Descriptor));
        Assert.True(PayloadVisitor.MayHold(StartWorkflowExecutionResponse.Descriptor)); // an eager workflow task carries history
        Assert.False(PayloadVisitor.MayHold(DescribeNamespaceResponse.Descriptor));
        Assert.False(PayloadVisitor.MayHold(SearchAttributes.Descriptor));
        Assert.False(PayloadVisitor.MayHold(CountWorkflowExecutionsRequest.Descriptor));
    }

    [Fact]
    public async Task A_list_may_change_its_count_but_a_single_payload_must_stay_one()
    {
        static Task<IReadOnlyCollection<Payload>> Doubling(IReadOnlyCollection<Payload> payloads) =>
            Task.FromResult<IReadOnlyCollection<Payload>>(payloads.Concat(payloads).ToList());

        var signal = new SignalWorkflowExecutionRequest { Input = new Payloads { Payloads_ = { HourglassPayload.From(1) } } };
        await PayloadVisitor.VisitAsync(signal, Doubling);
        Assert.Equal(2, signal.Input.Payloads_.Count);

        var start = new StartWorkflowExecutionRequest { Memo = new Memo { Fields = { ["a"] = HourglassPayload.From(1) } } };
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => PayloadVisitor.VisitAsync(start, Doubling));
        Assert.Contains("exactly one", e.Message);
    }

    [Fact]
    public async Task A_transformed_copy_leaves_the_original_as_it_was()
    {
        var failure = FailureWithDetails("boom");

        var copy = await PayloadVisitor.TransformedCopyAsync(failure, Mark);

        Assert.True(Marked(copy.EncodedAttributes));
        Assert.False(Marked(failure.EncodedAttributes));
        Assert.False(Marked(failure.ApplicationFailureInfo.Details.Payloads_[0]));
    }
}
