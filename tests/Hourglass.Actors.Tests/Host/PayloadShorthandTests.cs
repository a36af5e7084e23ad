using Google.Protobuf;
using Hourglass.Host.Operator;
using Hourglass.Protocol;
using Temporalio.Api.Common.V1;
using Temporalio.Api.History.V1;

namespace Hourglass.Tests.Host;

/// <summary>JSON output shows payloads as the Temporal CLI does: JSON values where it can, the raw form otherwise.</summary>
public sealed class PayloadShorthandTests
{
    [Fact]
    public void Json_null_and_proto_payloads_become_their_values()
    {
        var attributes = new WorkflowExecutionStartedEventAttributes
        {
            Input = new Payloads { Payloads_ = { HourglassPayload.FromValues(7, null, new WorkflowType { Name = "Order" }) } },
            Memo = new Memo { Fields = { ["team"] = HourglassPayload.From("payments") } },
        };

        var json = Render.ProtoJson(attributes)!;

        var input = json["input"]!.AsArray();
        Assert.Equal(7, input[0]!.GetValue<int>());
        Assert.Null(input[1]);
        Assert.Equal("Order", input[2]!["name"]!.GetValue<string>());
        Assert.Equal("temporal.api.common.v1.WorkflowType", input[2]!["_protoMessageType"]!.GetValue<string>());
        Assert.Equal("payments", json["memo"]!["fields"]!["team"]!.GetValue<string>());
    }

    [Fact]
    public void Payloads_that_cannot_all_be_shown_keep_the_raw_form_for_the_others()
    {
        var bytes = new Payload { Metadata = { ["encoding"] = ByteString.CopyFromUtf8("binary/encrypted") }, Data = ByteString.CopyFromUtf8("xyz") };
        var history = new History
        {
            Events =
            {
                new HistoryEvent
                {
                    EventId = 1,
                    WorkflowExecutionSignaledEventAttributes = new() { SignalName = "s", Input = new Payloads { Payloads_ = { HourglassPayload.From("plain"), bytes } } },
                },
            },
        };

        var json = Render.ProtoJson(history)!;

        var payloads = json["events"]![0]!["workflowExecutionSignaledEventAttributes"]!["input"]!["payloads"]!.AsArray();
        Assert.Equal("plain", payloads[0]!.GetValue<string>());
        Assert.Equal("eHl6", payloads[1]!["data"]!.GetValue<string>());
        Assert.Equal("1", json["events"]![0]!["eventId"]!.GetValue<string>());
    }
}
