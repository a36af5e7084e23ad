using Akka.Configuration;
using Akka.Serialization;
using Hourglass.Configuration;
using Hourglass.Protocol;
using Hourglass.Serialization;
using Hourglass.Tests.Support;
using Xunit.Abstractions;

namespace Hourglass.Tests.Serialization;

/// <summary>
/// Hourglass messages are serialized with HourglassSerializer in any ActorSystem that runs
/// Hourglass, including one created without the reference config.
/// </summary>
public sealed class SerializerBindingTests(ITestOutputHelper output)
    : Akka.TestKit.Xunit2.TestKit("akka.actor.serialize-messages = on\nhourglass.client-backend = mock", output: output)
{
    [Fact]
    public void StartHourglass_binds_the_serializer_in_a_system_created_without_the_reference_config()
    {
        var start = new StartWorkflow("OrderWorkflow", "bound-1", 42);
        Assert.IsNotType<HourglassSerializer>(Sys.Serialization.FindSerializerFor(start));

        var hourglass = Sys.StartHourglass();

        foreach (var message in SampleMessages.All(TestActor).Values)
            Assert.IsType<HourglassSerializer>(Sys.Serialization.FindSerializerFor(message));

        // Every message below is serialized and deserialized on its way (serialize-messages = on).
        hourglass.Tell(start);
        var handle = ExpectMsg<WorkflowStarted>().Handle;
        hourglass.Tell(new GetWorkflowStatus(handle, IncludeFailures: true));
        Assert.Equal(WorkflowState.Running, ExpectMsg<WorkflowStatus>().State);
        hourglass.Tell(new FetchHistory(handle));
        Assert.NotEmpty(ExpectMsg<HistoryFetched>().History.Events);
    }

    [Fact]
    public async Task Where_the_serializer_map_was_not_rebuilt_the_binding_is_registered_by_hand()
    {
        var system = ActorSystem.Create("unbound", "akka.loglevel = WARNING");
        try
        {
            var start = new StartWorkflow("OrderWorkflow", "by-hand-1", 42);
            // Looked up before the binding exists, StartWorkflow is cached on the default serializer.
            Assert.IsNotType<HourglassSerializer>(system.Serialization.FindSerializerFor(start));

            Assert.True(SerializerBinding.EnsureBound((ExtendedActorSystem)system));

            var serializer = Assert.IsType<HourglassSerializer>(system.Serialization.FindSerializerFor(start));
            Assert.Equal(HourglassSerializer.DefaultIdentifier, serializer.Identifier);
            foreach (var message in SampleMessages.All(ActorRefs.Nobody).Values)
                Assert.IsType<HourglassSerializer>(system.Serialization.FindSerializerFor(message));
            var back = system.Serialization.Deserialize(serializer.ToBinary(start), serializer.Identifier, serializer.Manifest(start));
            MessageAssert.Equivalent(start, back);
            Assert.False(SerializerBinding.EnsureBound((ExtendedActorSystem)system));
        }
        finally
        {
            await system.Terminate();
        }
    }

    [Fact]
    public async Task A_binding_of_the_marker_to_another_serializer_is_left_alone()
    {
        var config = ConfigurationFactory.ParseString(
            """akka.actor.serialization-bindings { "Hourglass.Protocol.IHourglassMessage, Hourglass.Actors" = bytes }""");
        var system = ActorSystem.Create("rebound", config);
        try
        {
            HourglassConfig.InjectInto(system);

            Assert.IsType<ByteArraySerializer>(system.Serialization.FindSerializerFor(GetBackend.Instance));
            Assert.False(SerializerBinding.EnsureBound((ExtendedActorSystem)system));
        }
        finally
        {
            await system.Terminate();
        }
    }

    [Fact]
    public async Task The_identifier_can_be_changed_in_serialization_identifiers()
    {
        var config = ConfigurationFactory.ParseString(
                """akka.actor.serialization-identifiers { "Hourglass.Serialization.HourglassSerializer, Hourglass.Actors" = 7777 }""")
            .WithFallback(HourglassConfig.Default());
        var system = ActorSystem.Create("renumbered", config);
        try
        {
            var serializer = system.Serialization.FindSerializerFor(GetBackend.Instance);

            Assert.IsType<HourglassSerializer>(serializer);
            Assert.Equal(7777, serializer.Identifier);
            Assert.Same(GetBackend.Instance, system.Serialization.Deserialize(serializer.ToBinary(GetBackend.Instance), 7777, "GB"));
        }
        finally
        {
            await system.Terminate();
        }
    }

    [Fact]
    public void An_actor_named_in_UseBackend_still_receives_the_operations_after_the_round_trip()
    {
        var hourglass = Sys.StartHourglass();
        var backend = CreateTestProbe();

        hourglass.Tell(new UseBackend(BackendChoice.Of(backend)));
        Assert.Null(ExpectMsg<BackendChanged>().Previous);
        hourglass.Tell(GetBackend.Instance);
        Assert.Equal(backend.Ref, ExpectMsg<BackendInUse>().Backend.Actor);

        hourglass.Tell(new DescribeWorkflow(SampleMessages.Handle));
        Assert.Equal(SampleMessages.Handle, backend.ExpectMsg<DescribeWorkflow>().Handle);
    }
}
