using System.Collections;
using System.Reflection;
using System.Runtime.Serialization;
using Google.Protobuf;
using Hourglass.Backends.Mock;
using Hourglass.Protocol;
using Hourglass.Serialization;
using Hourglass.Tests.Support;
using Temporalio.Api.Common.V1;
using P = Hourglass.Serialization.Proto;

namespace Hourglass.Tests.Serialization;

/// <summary>
/// HourglassSerializer round-trips every Hourglass message that may cross a node exactly, through
/// the ActorSystem's serialization as a remote send would, and refuses what it cannot carry with a
/// SerializationException.
/// </summary>
public sealed class HourglassSerializerTests(SerializationFixture fixture) : IClassFixture<SerializationFixture>
{
    /// <summary>Messages that never leave their node, and why; every other IHourglassMessage must have a manifest.</summary>
    private static readonly Dictionary<Type, string> LocalOnly = new()
    {
        [typeof(MockExpectation)] = "holds a delegate (its responder)",
        [typeof(HandleQuery)] = "holds a delegate (the query handler)",
        [typeof(HandleUpdate)] = "holds a delegate (the update handler)",
    };

    /// <summary>The wire contract: changing a manifest breaks mixed-version clusters, so each is pinned here.</summary>
    private static readonly Dictionary<Type, string> PinnedManifests = new()
    {
        [typeof(StartWorkflow)] = "SW",
        [typeof(DescribeWorkflow)] = "DW",
        [typeof(FetchHistory)] = "FH",
        [typeof(SignalWorkflow)] = "SG",
        [typeof(QueryWorkflow)] = "QW",
        [typeof(UpdateWorkflow)] = "UW",
        [typeof(CancelWorkflow)] = "CW",
        [typeof(TerminateWorkflow)] = "TW",
        [typeof(SignalWithStartWorkflow)] = "SWS",
        [typeof(EnsureNamespace)] = "EN",
        [typeof(ListWorkflows)] = "LSW",
        [typeof(CountWorkflows)] = "CTW",
        [typeof(GetWorkflowStatus)] = "GS",
        [typeof(AwaitWorkflow)] = "AW",
        [typeof(PollHistory)] = "PH",
        [typeof(HistoryPolled)] = "HP",
        [typeof(WatchWorkflow)] = "WW",
        [typeof(WorkflowEventsAppended)] = "WEA",
        [typeof(WorkflowWatchEnded)] = "WWE",
        [typeof(UnwatchWorkflow)] = "UNW",
        [typeof(WorkflowUnwatched)] = "WUW",
        [typeof(WorkflowStarted)] = "WST",
        [typeof(WorkflowDescribed)] = "WDE",
        [typeof(HistoryFetched)] = "HF",
        [typeof(WorkflowSignaled)] = "WSG",
        [typeof(WorkflowQueried)] = "WQ",
        [typeof(WorkflowUpdated)] = "WUD",
        [typeof(CancelRequested)] = "CR",
        [typeof(WorkflowTerminated)] = "WTE",
        [typeof(NamespaceEnsured)] = "NE",
        [typeof(WorkflowsListed)] = "WLD",
        [typeof(WorkflowsCounted)] = "WCT",
        [typeof(WorkflowStatus)] = "STA",
        [typeof(WorkflowClosed)] = "WCL",
        [typeof(OperationFailed)] = "OF",
        [typeof(HourglassError)] = "ERR",
        [typeof(UseBackend)] = "UB",
        [typeof(BackendChoice)] = "BC",
        [typeof(BackendChanged)] = "BCH",
        [typeof(GetBackend)] = "GB",
        [typeof(BackendInUse)] = "BIU",
        [typeof(GetHourglassStats)] = "GHS",
        [typeof(HourglassStats)] = "HS",
        [typeof(Hourglass.Telemetry.TracedRequest)] = "TRQ",
        [typeof(CompleteWorkflow)] = "MCO",
        [typeof(FailWorkflow)] = "MFW",
        [typeof(TerminateInMock)] = "MTE",
        [typeof(TimeOutWorkflow)] = "MTO",
        [typeof(HonourCancel)] = "MHC",
        [typeof(ContinueAsNew)] = "MCN",
        [typeof(FailActivity)] = "MFA",
        [typeof(SetPendingActivity)] = "MPA",
        [typeof(AnswerQuery)] = "MAQ",
        [typeof(AnswerUpdate)] = "MAU",
        [typeof(MockWorkflowUpdated)] = "MWU",
        [typeof(VerifyMock)] = "MVE",
        [typeof(ResetMock)] = "MRE",
        [typeof(MockScriptAccepted)] = "MSA",
        [typeof(MockVerified)] = "MVD",
    };

    public static TheoryData<string> SampleNames()
    {
        var names = new TheoryData<string>();
        foreach (var name in SampleMessages.All(ActorRefs.Nobody).Keys) names.Add(name);
        return names;
    }

    public static TheoryData<string> Manifests()
    {
        var manifests = new TheoryData<string>();
        foreach (var manifest in HourglassSerializer.ManifestTypes.Keys) manifests.Add(manifest);
        return manifests;
    }

    private Akka.Serialization.Serialization Serialization => fixture.System.Serialization;

    private HourglassSerializer Serializer => (HourglassSerializer)Serialization.FindSerializerForType(typeof(IHourglassMessage));

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Every_message_round_trips_exactly(string name)
    {
        var message = fixture.Samples[name];

        var (back, bytes) = RoundTrip(message);

        Assert.IsType(message.GetType(), back);
        MessageAssert.Equivalent(message, back);
        if (IsValueComparable(message)) Assert.Equal(message, back);
        // Nothing is lost or reordered: the copy encodes to the very same bytes.
        Assert.Equal(bytes, Serializer.ToBinary(back));
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void The_system_serializes_every_message_with_HourglassSerializer(string name)
    {
        var serializer = Serialization.FindSerializerFor(fixture.Samples[name]);

        Assert.IsType<HourglassSerializer>(serializer);
        Assert.Equal(HourglassSerializer.DefaultIdentifier, serializer.Identifier);
    }

    [Fact]
    public void A_mock_script_line_is_bound_to_HourglassSerializer_too_which_refuses_it()
    {
        var line = MockScript.Expect<StartWorkflow>(_ => HourglassError.NotFound("scripted"));

        Assert.IsType<HourglassSerializer>(Serialization.FindSerializerFor(line));
        var refused = Assert.Throws<SerializationException>(() => Serialization.Serialize(line));
        Assert.Contains("holds a delegate and cannot leave its node; script the mock on the node that runs it", refused.Message);
        Assert.IsAssignableFrom<INoSerializationVerificationNeeded>(line);
    }

    [Fact]
    public void Manifests_are_short_pinned_constants()
    {
        Assert.Equal(PinnedManifests.OrderBy(p => p.Value), HourglassSerializer.ManifestTypes.Select(p => KeyValuePair.Create(p.Value, p.Key)).OrderBy(p => p.Value));
        foreach (var message in fixture.Samples.Values)
        {
            var manifest = Serializer.Manifest(message);
            Assert.Equal(PinnedManifests[message.GetType()], manifest);
            Assert.InRange(manifest.Length, 2, 3);
        }
        Assert.Equal(PinnedManifests.Count, PinnedManifests.Values.Distinct().Count());
    }

    [Fact]
    public void Every_IHourglassMessage_type_is_covered_except_the_documented_local_only_ones()
    {
        var messageTypes = typeof(IHourglassMessage).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IHourglassMessage).IsAssignableFrom(t))
            .ToHashSet();

        // A message added later must get a manifest (or be declared local-only here) ...
        Assert.Equal(Names(messageTypes.Except(LocalOnly.Keys)), Names(HourglassSerializer.ManifestTypes.Values));
        // ... and a round-trip sample.
        Assert.Equal(Names(HourglassSerializer.ManifestTypes.Values), Names(fixture.Samples.Values.Select(m => m.GetType())));
        // Local-only messages are exempt from serialize-messages, so they never reach a serializer by accident.
        foreach (var localOnly in LocalOnly.Keys)
            Assert.True(typeof(INoSerializationVerificationNeeded).IsAssignableFrom(localOnly), $"{localOnly.Name} must be INoSerializationVerificationNeeded");
        Assert.DoesNotContain(messageTypes.Except(LocalOnly.Keys), t => typeof(INoSerializationVerificationNeeded).IsAssignableFrom(t));
    }

    [Fact]
    public void A_5000_event_history_round_trips_whole()
    {
        var fetched = new HistoryFetched(SampleMessages.Handle, SampleMessages.History(5_000));

        var back = (HistoryFetched)RoundTrip(fetched).Back;

        Assert.Equal(5_000, back.History.Events.Count);
        Assert.Equal(fetched.History, back.History);
        Assert.Equal(5_000, back.History.Events[^1].WorkflowExecutionSignaledEventAttributes.Input.Payloads_[0].ToValue<int>());
    }

    [Fact]
    public void A_describe_response_keeps_its_memo_and_pending_activities()
    {
        var described = new WorkflowDescribed(SampleMessages.Handle, SampleMessages.Describe());

        var back = (WorkflowDescribed)RoundTrip(described).Back;

        Assert.Equal(2, back.Response.WorkflowExecutionInfo.Memo.Fields.Count);
        Assert.Equal("alice", back.Response.WorkflowExecutionInfo.Memo.Fields["customer"].ToValue<string>());
        Assert.Equal("ChargeCard", Assert.Single(back.Response.PendingActivities).ActivityType.Name);
        Assert.Equal(described, back);
    }

    [Fact]
    public void Null_and_empty_stay_apart()
    {
        var notAsked = (WorkflowStatus)RoundTrip(SampleMessages.Status(withFailures: false)).Back;
        var noneFound = (WorkflowStatus)RoundTrip(SampleMessages.Status() with { RecentFailures = [] }).Back;
        var noResult = (WorkflowClosed)RoundTrip(new WorkflowClosed(SampleMessages.Handle, SampleMessages.Status(WorkflowState.Completed), null)).Back;
        var minimal = (StartWorkflow)RoundTrip(new StartWorkflow("T", "id") { Namespace = "" }).Back;
        var emptyMemo = (StartWorkflow)RoundTrip(new StartWorkflow("T", "id") { Memo = new Dictionary<string, Payload>() }).Back;
        var latest = (DescribeWorkflow)RoundTrip(new DescribeWorkflow(SampleMessages.LatestRun)).Back;

        Assert.Null(notAsked.RecentFailures);
        Assert.NotNull(noneFound.RecentFailures);
        Assert.Empty(noneFound.RecentFailures);
        Assert.Null(noResult.Result);
        Assert.Null(noResult.Failure);
        Assert.Null(minimal.TaskQueue);
        Assert.Equal("", minimal.Namespace);
        Assert.Null(minimal.Memo);
        Assert.Null(minimal.RetryPolicy);
        Assert.Null(minimal.IdReusePolicy);
        Assert.Null(minimal.ExecutionTimeout);
        Assert.Null(minimal.StartDelay);
        Assert.NotNull(emptyMemo.Memo);
        Assert.Empty(emptyMemo.Memo);
        Assert.Equal("", latest.Handle.RunId);
    }

    [Fact]
    public void Request_ids_and_time_values_are_kept_to_the_tick()
    {
        var start = SampleMessages.FullStart() with { RequestId = Guid.NewGuid().ToString(), RunTimeout = TimeSpan.FromTicks(1) };
        var status = SampleMessages.Status() with { StartTime = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromMinutes(-330)).AddTicks(7) };

        var startBack = (StartWorkflow)RoundTrip(start).Back;
        var statusBack = (WorkflowStatus)RoundTrip(status).Back;

        Assert.Equal(start.RequestId, startBack.RequestId);
        Assert.Equal(TimeSpan.FromTicks(1), startBack.RunTimeout);
        Assert.True(status.StartTime!.Value.EqualsExact(statusBack.StartTime!.Value), $"{status.StartTime:O} became {statusBack.StartTime:O}");
    }

    [Fact]
    public void An_actor_in_a_backend_choice_resolves_back_to_the_same_actor()
    {
        var back = (UseBackend)RoundTrip(new UseBackend(BackendChoice.Of(fixture.Actor))).Back;

        Assert.Equal(BackendKind.Actor, back.Backend!.Kind);
        Assert.Equal(fixture.Actor, back.Backend.Actor);
        Assert.Equal(fixture.Actor.Path.Uid, back.Backend.Actor!.Path.Uid);
        Assert.Null(((UseBackend)RoundTrip(new UseBackend(null)).Back).Backend);
    }

    [Fact]
    public void A_refused_script_line_travels_in_its_OperationFailed_without_its_responder()
    {
        var line = new MockExpectation(typeof(AwaitWorkflow), 2, _ => HourglassError.NotFound("scripted"));
        var failed = new OperationFailed(line, HourglassError.InvalidArgument("AwaitWorkflow cannot be scripted"));

        var back = (OperationFailed)RoundTrip(failed).Back;

        var request = Assert.IsType<MockExpectation>(back.Request);
        Assert.Equal(typeof(AwaitWorkflow), request.OperationType);
        Assert.Equal(2, request.Times);
        Assert.Equal(failed.Error, back.Error);
        var standIn = Assert.Throws<InvalidOperationException>(() => request.Responder!(new DescribeWorkflow(SampleMessages.Handle)));
        Assert.Contains("stayed on the node", standIn.Message);
    }

    [Fact]
    public void Handler_controls_are_bound_to_HourglassSerializer_which_refuses_them_naming_what_to_send_instead()
    {
        var query = new HandleQuery(SampleMessages.LatestRun, "progress", _ => QueryAnswer.Of(1));
        var update = new HandleUpdate(SampleMessages.LatestRun, "add-line", _ => UpdateAnswer.Complete());

        Assert.IsType<HourglassSerializer>(Serialization.FindSerializerFor(query));
        Assert.Contains("holds a delegate and cannot leave its node; register the handler on the node that runs the mock, or send AnswerQuery",
            Assert.Throws<SerializationException>(() => Serialization.Serialize(query)).Message);
        Assert.Contains("or send AnswerUpdate", Assert.Throws<SerializationException>(() => Serialization.Serialize(update)).Message);
        Assert.Throws<SerializationException>(() => Serializer.FromBinary([], HourglassSerializer.HandleQueryManifest));
        Assert.Throws<SerializationException>(() => Serializer.FromBinary([], HourglassSerializer.HandleUpdateManifest));
    }

    [Fact]
    public void A_refused_handler_control_travels_in_its_OperationFailed_without_its_handler()
    {
        var failed = new OperationFailed(new HandleUpdate(SampleMessages.Handle, "add-line", _ => UpdateAnswer.Complete()),
            HourglassError.InvalidArgument("HandleUpdate.Handle.RunId must be empty"));

        var back = (OperationFailed)RoundTrip(failed).Back;

        var request = Assert.IsType<HandleUpdate>(back.Request);
        Assert.Equal((SampleMessages.Handle, "add-line"), (request.Handle, request.UpdateName));
        Assert.Equal(failed.Error, back.Error);
        Assert.Contains("stayed on the node", Assert.Throws<InvalidOperationException>(() => request.Handler([])).Message);
    }

    [Fact]
    public void The_query_error_fields_travel()
    {
        var error = new HourglassError(ErrorKind.QueryFailed, "handler threw") { Failure = SampleMessages.Failure("boom"), WorkflowState = WorkflowState.Running };

        var back = (HourglassError)RoundTrip(error).Back;

        Assert.Equal(error, back);
        Assert.Equal("boom", back.Failure!.Message);
        Assert.Null(((HourglassError)RoundTrip(new HourglassError(ErrorKind.NotFound, "gone")).Back).WorkflowState);
    }

    [Theory]
    [InlineData("")]
    [InlineData("XYZ")]
    [InlineData("Hourglass.Protocol.StartWorkflow, Hourglass.Actors")]
    public void An_unknown_manifest_is_a_SerializationException(string manifest)
    {
        var bytes = Serializer.ToBinary(new WorkflowStarted(SampleMessages.Handle));

        var e = Assert.Throws<SerializationException>(() => Serialization.Deserialize(bytes, Serializer.Identifier, manifest));
        Assert.Contains($"[{manifest}]", e.Message);
    }

    [Fact]
    public void A_script_line_manifest_on_its_own_is_a_SerializationException() =>
        Assert.Throws<SerializationException>(() => Serializer.FromBinary([], HourglassSerializer.MockExpectationManifest));

    [Theory]
    [MemberData(nameof(Manifests))]
    public void Corrupt_bytes_are_a_SerializationException_for_every_manifest(string manifest)
    {
        byte[][] corrupt =
        [
            [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], // a varint that never ends
            [0x0A, 0x40, 0x01], // a field 64 bytes long with 1 byte left
            [0x07], // wire type 7 does not exist
        ];
        foreach (var bytes in corrupt)
            Assert.Throws<SerializationException>(() => Serialization.Deserialize(bytes, Serializer.Identifier, manifest));
    }

    [Fact]
    public void Truncated_bytes_are_a_SerializationException()
    {
        var bytes = Serializer.ToBinary(new HistoryFetched(SampleMessages.Handle, SampleMessages.History(3)));

        Assert.Throws<SerializationException>(() => Serializer.FromBinary(bytes[..^5], "HF"));
    }

    [Fact]
    public void Corrupt_Temporal_bytes_inside_a_valid_message_are_a_SerializationException()
    {
        var bytes = new P.WorkflowDescribed { Response = ByteString.CopyFrom(0xFF, 0xFF, 0xFF) }.ToByteArray();

        Assert.Throws<SerializationException>(() => Serializer.FromBinary(bytes, "WDE"));
    }

    [Theory]
    [InlineData("ZZ")] // unknown
    [InlineData("WST")] // a reply, not a request
    [InlineData("OF")] // would nest failures in failures
    public void An_OperationFailed_must_nest_a_known_request(string nestedManifest)
    {
        var bytes = new P.OperationFailed
        {
            Request = new P.Nested { Manifest = nestedManifest, Message = ByteString.CopyFrom(Serializer.ToBinary(new WorkflowStarted(SampleMessages.Handle))) },
        }.ToByteArray();

        Assert.Throws<SerializationException>(() => Serializer.FromBinary(bytes, "OF"));
    }

    [Fact]
    public void A_failure_reply_without_its_error_or_request_is_a_SerializationException_never_a_null()
    {
        var request = new P.Nested { Manifest = "DW", Message = ByteString.CopyFrom(Serializer.ToBinary(new DescribeWorkflow(SampleMessages.Handle))) };
        var error = new P.HourglassError { Kind = (int)ErrorKind.NotFound, Message = "gone" };

        Assert.Contains("OperationFailed.Error is missing", Assert.Throws<SerializationException>(
            () => Serializer.FromBinary(new P.OperationFailed { Request = request }.ToByteArray(), "OF")).Message);
        Assert.Contains("OperationFailed.Request is missing", Assert.Throws<SerializationException>(
            () => Serializer.FromBinary(new P.OperationFailed { Error = error }.ToByteArray(), "OF")).Message);
        Assert.Throws<SerializationException>(() => Serializer.ToBinary(new OperationFailed(null!, HourglassError.InvalidArgument("x"))));
    }

    [Fact]
    public void A_backend_switch_to_a_kind_this_node_does_not_know_is_a_SerializationException()
    {
        var bytes = new P.UseBackend { Backend = new P.BackendChoice { Kind = 99 } }.ToByteArray();

        var refused = Assert.Throws<SerializationException>(() => Serializer.FromBinary(bytes, "UB"));

        Assert.Contains("UseBackend.Backend.Kind 99", refused.Message);
        Assert.Null(((UseBackend)Serializer.FromBinary(new P.UseBackend().ToByteArray(), "UB")).Backend);
    }

    [Fact]
    public void What_the_wire_format_cannot_carry_is_refused_with_a_SerializationException()
    {
        Assert.Throws<SerializationException>(() => Serializer.ToBinary("not an Hourglass message"));
        Assert.Throws<SerializationException>(() => Serializer.Manifest(42));
        Assert.Throws<SerializationException>(() => Serializer.ToBinary(SampleMessages.Status() with { PendingActivities = [null!] }));
        Assert.Throws<SerializationException>(() => Serializer.ToBinary(new MockVerified(["ok", null!], [])));
        Assert.Throws<SerializationException>(() => Serializer.ToBinary(new WorkflowsListed("billing", [null!], Google.Protobuf.ByteString.Empty)));
        Assert.Throws<SerializationException>(() => Serializer.ToBinary(new WorkflowsCounted(1, [null!])));
    }

    private (object Back, byte[] Bytes) RoundTrip(object message)
    {
        var serializer = Serialization.FindSerializerFor(message);
        var bytes = serializer.ToBinary(message);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
        return (Serialization.Deserialize(bytes, serializer.Identifier, manifest), bytes);
    }

    private static IEnumerable<string> Names(IEnumerable<Type> types) => types.Select(t => t.FullName!).Distinct().Order();

    /// <summary>
    /// True when record equality can hold after a round trip: no list or dictionary anywhere in the
    /// message (records compare those by reference) and no delegate.
    /// </summary>
    private static bool IsValueComparable(object? value) => value switch
    {
        null or string or IMessage or IActorRef or Type or Enum or TimeSpan or DateTimeOffset or IConvertible => true,
        Delegate or IEnumerable => false,
        _ => value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0)
            .All(p => IsValueComparable(p.GetValue(value))),
    };
}
