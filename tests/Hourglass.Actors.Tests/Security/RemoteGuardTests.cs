using System.Reflection;
using System.Runtime.Serialization;
using Akka.Configuration;
using Akka.Dispatch.SysMsg;
using Akka.Serialization;
using Hourglass.Configuration;
using Hourglass.Protocol;
using Hourglass.Serialization.Guards;

namespace Hourglass.Tests.Security;

/// <summary>
/// The remote guard at the serializer: what a guarded system reads when bytes arrive, given to its
/// <c>Serialization.Deserialize</c> exactly as Akka.Remote gives them (identifier, manifest, bytes).
/// The end-to-end attacks over TCP are in <see cref="HostilePeerTests"/>.
/// </summary>
public sealed class RemoteGuardTests : IAsyncLifetime
{
    // Every identifier Akka.Remote, Akka.Cluster and Akka.Streams register, Akka.Cluster's own and Hourglass's.
    public static readonly TheoryData<int> EveryIdentifier = new() { 0, 1, 2, 3, 4, 5, 6, 16, 17, 22, 30, 36, 6110 };

    private ActorSystem _guarded = null!;
    private ActorSystem _plain = null!;

    private Akka.Serialization.Serialization Guarded => ((ExtendedActorSystem)_guarded).Serialization;

    public Task InitializeAsync()
    {
        _guarded = Wire.Guarded(cluster: true);
        _plain = ActorSystem.Create("plain", Wire.Remoting());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _guarded.Terminate();
        await _plain.Terminate();
    }

    [Fact]
    public void No_serializer_of_a_guarded_cluster_node_resolves_a_wire_manifest_as_a_type()
    {
        var before = SerializersById(_guarded);
        // Akka.Streams registers its serializer when its config is first loaded, and Akka rebuilds the map.
        Akka.Streams.ActorMaterializer.Create(_guarded);
        var after = SerializersById(_guarded);

        foreach (var (id, serializer) in before.Concat(after))
            Assert.True(serializer is SerializerWithStringManifest, $"id {id}: {serializer.GetType().FullName} resolves manifests as types");
        Assert.IsType<Akka.Remote.Serialization.PrimitiveSerializers>(after[17]);
        Assert.Superset(new HashSet<int> { 0, 1, 2, 3, 4, 5, 6, 16, 17, 22, 36, 6110 }, before.Keys.ToHashSet());
        Assert.Contains(30, after.Keys);
        Assert.IsType<JsonGuard>(after[1]);
        Assert.IsType<NullGuard>(after[0]);
    }

    [Theory]
    [MemberData(nameof(EveryIdentifier))]
    public void A_16000_deep_generic_type_name_as_manifest_is_refused_without_being_resolved(int identifier)
    {
        var manifest = Wire.DeepGenericTypeName();

        // Resolving it would overflow the stack and end this process; every serializer refuses it first.
        var refused = Assert.ThrowsAny<Exception>(() => Guarded.Deserialize([1, 2, 3], identifier, manifest));

        Assert.True(refused is SerializationException or ArgumentException, refused.ToString());
        // Akka's own cluster and primitive serializers quote the whole manifest; Hourglass's shorten it.
        if (identifier is not (5 or 17)) Assert.Contains("(592012 characters)", refused.Message);
    }

    [Fact]
    public void A_deep_type_name_nested_in_an_admitted_message_is_refused_too()
    {
        // An Identify is admitted; its correlation id is a payload of its own, here JSON with the deep name.
        var identify = Write(_plain, new Identify(new Forged(1, Wire.DeepGenericTypeName(), [1])), out var id, out var manifest);

        var refused = Assert.Throws<SerializationException>(() => Guarded.Deserialize(identify, id, manifest));

        Assert.Contains("serializer json (id 1)", refused.Message);
    }

    [Fact]
    public void Kill_PoisonPill_and_Status_replies_from_the_wire_are_refused_and_Identify_is_read()
    {
        foreach (var message in new object[] { Kill.Instance, PoisonPill.Instance, new Akka.Actor.Status.Failure(new InvalidOperationException("x")), new Akka.Actor.Status.Success(1) })
        {
            var bytes = Write(_plain, message, out var id, out var manifest);
            var refused = Assert.Throws<SerializationException>(() => Guarded.Deserialize(bytes, id, manifest));
            Assert.Contains("Hourglass remote guard refused a message: serializer akka-misc (id 16)", refused.Message);
        }

        var identify = Write(_plain, new Identify(42L), out var identifyId, out var identifyManifest);
        Assert.Equal(42L, Assert.IsType<Identify>(Guarded.Deserialize(identify, identifyId, identifyManifest)).MessageId);
    }

    [Fact]
    public void A_private_message_in_Akkas_JSON_is_refused()
    {
        // The router's internal drain message: delivered, it leaves a node answering "shutting down".
        var drainType = typeof(ClientBackendActor).GetNestedType("Drain", BindingFlags.NonPublic)!;
        var drain = drainType.GetField("Instance", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        var bytes = Write(_plain, drain, out var id, out var manifest);
        Assert.Equal(1, id);

        var refused = Assert.Throws<SerializationException>(() => Guarded.Deserialize(bytes, id, manifest));

        Assert.Contains("serializer json (id 1)", refused.Message);
    }

    [Fact]
    public void Only_remote_DeathWatch_passes_the_system_message_guard()
    {
        var local = (IInternalActorRef)_guarded.ActorOf(Props.Empty, "watched");
        var remote = (IInternalActorRef)((ExtendedActorSystem)_guarded).Provider.ResolveActorRef("akka.tcp://client@127.0.0.1:1/user/watcher");
        Assert.False(remote.IsLocal);

        // Another node's actor watching one here, stopping to watch, and reporting its own actor stopped.
        Assert.IsType<Watch>(RoundTrip(new Watch(local, remote)));
        Assert.IsType<Unwatch>(RoundTrip(new Unwatch(local, remote)));
        Assert.IsType<DeathWatchNotification>(RoundTrip(new DeathWatchNotification(remote, existenceConfirmed: true, addressTerminated: false)));

        // Making an actor here the watcher, or reporting an actor here stopped, or any other system message.
        Assert.Contains("the watcher must be the other node's actor", Refused(new Watch(remote, local)).Message);
        Assert.Contains("the watched actor must be one of this node's", Refused(new Watch(remote, remote)).Message);
        Assert.Contains("only the other node's own actors", Refused(new DeathWatchNotification(local, true, false)).Message);
        foreach (var harmful in new ISystemMessage[] { new Suspend(), new Resume(null), new Recreate(new Exception("x")), new Terminate() })
            Assert.Contains("only remote DeathWatch", Refused(harmful).Message);
    }

    [Fact]
    public void What_a_guarded_node_writes_an_unguarded_one_reads_as_before()
    {
        var plain = ((ExtendedActorSystem)_plain).Serialization;
        var watcher = (IInternalActorRef)_guarded.ActorOf(Props.Empty, "watcher");
        var watchee = (IInternalActorRef)((ExtendedActorSystem)_guarded).Provider.ResolveActorRef("akka.tcp://plain@127.0.0.1:1/user/x");

        foreach (var message in new object[] { new Identify("id"), PoisonPill.Instance, new Watch(watchee, watcher), "text", new byte[] { 1, 2 } })
        {
            var guardedBytes = Write(_guarded, message, out var guardedId, out var guardedManifest);
            Write(_plain, message, out var plainId, out var plainManifest);

            Assert.Equal(plainId, guardedId);
            Assert.Equal(plainManifest, guardedManifest);
            Assert.Equal(message.GetType(), plain.Deserialize(guardedBytes, guardedId, guardedManifest).GetType());
        }
    }

    [Fact]
    public async Task With_serialize_messages_on_a_local_round_trip_is_read_and_the_same_bytes_from_the_wire_are_not()
    {
        var system = Wire.Guarded("checks", extra: "akka.actor.serialize-messages = on");
        try
        {
            var serialization = ((ExtendedActorSystem)system).Serialization;
            var bytes = Write(system, Kill.Instance, out var id, out var manifest);

            // What serialize-messages does with a local Kill: write it, read the same array back.
            Assert.IsType<Kill>(serialization.Deserialize(bytes, id, manifest));
            // Bytes from another node are a new array, even when equal.
            Assert.Throws<SerializationException>(() => serialization.Deserialize(bytes.ToArray(), id, manifest));
            Assert.Throws<SerializationException>(() => serialization.Deserialize(bytes, id, manifest));
        }
        finally
        {
            await system.Terminate();
        }
    }

    [Fact]
    public async Task A_system_that_asks_for_the_guard_without_it_does_not_start_Hourglass()
    {
        var config = ConfigurationFactory.ParseString("hourglass.remote-guard = on").WithFallback(Wire.Remoting());
        var system = ActorSystem.Create("asks", config.WithFallback(HourglassConfig.Default()));
        try
        {
            var failure = Assert.Throws<ConfigurationException>(() => system.StartHourglass());

            Assert.Contains("hourglass.remote-guard = on, but the guard is not in force", failure.Message);
            Assert.Contains("akka.remote.untrusted-mode is off", failure.Message);
            Assert.Contains("/user/hourglass", failure.Message);
            Assert.Contains("akka.actor.serializers.json = Akka.Serialization.NewtonSoftJsonSerializer", failure.Message);
            Assert.Contains("HourglassConfig.RemoteGuard()", failure.Message);
        }
        finally
        {
            await system.Terminate();
        }
    }

    [Fact]
    public async Task Replacing_the_trusted_paths_without_the_routers_fails_the_start_naming_it()
    {
        var system = Wire.Guarded("replaced", cluster: true, extra: """akka.remote.trusted-selection-paths = ["/user/mine"]""");
        try
        {
            var failure = Assert.Throws<ConfigurationException>(() => system.StartHourglass("router"));

            Assert.Contains("akka.remote.trusted-selection-paths lacks /user/router, /system/cluster/core/daemon, /system/cluster/heartbeatReceiver", failure.Message);
            Assert.DoesNotContain("untrusted-mode", failure.Message);
        }
        finally
        {
            await system.Terminate();
        }
    }

    [Fact]
    public async Task A_guarded_cluster_node_starts_Hourglass_and_serves()
    {
        var system = Wire.Guarded("serves", cluster: true, extra: "hourglass.client-backend = mock");
        try
        {
            var hourglass = system.StartHourglass();
            var started = await hourglass.Ask<WorkflowStarted>(new StartWorkflow("OrderWorkflow", "guarded-1"), TimeSpan.FromSeconds(10));
            Assert.Equal("guarded-1", started.Handle.WorkflowId);
        }
        finally
        {
            await system.Terminate();
        }
    }

    private object? RoundTrip(object message)
    {
        var bytes = Write(_guarded, message, out var id, out var manifest);
        return Guarded.Deserialize(bytes, id, manifest);
    }

    private SerializationException Refused(object message)
    {
        var bytes = Write(_guarded, message, out var id, out var manifest);
        return Assert.Throws<SerializationException>(() => Guarded.Deserialize(bytes, id, manifest));
    }

    // The identifier, manifest and bytes Akka.Remote puts on the wire for the message.
    private static byte[] Write(ActorSystem system, object message, out int identifier, out string manifest)
    {
        var extended = (ExtendedActorSystem)system;
        if (message is Forged or Identify { MessageId: Forged }) EnsureForging(extended);
        var serializer = extended.Serialization.FindSerializerFor(message);
        var bytes = Akka.Serialization.Serialization.WithTransport(extended, () => serializer.ToBinary(message));
        identifier = serializer.Identifier;
        manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
        return bytes;
    }

    private static void EnsureForging(ExtendedActorSystem system)
    {
        if (system.Serialization.FindSerializerForType(typeof(Forged)) is ForgingSerializer) return;
        var forging = new ForgingSerializer(system);
        system.Serialization.AddSerializer("forging", forging);
        system.Serialization.AddSerializationMap(typeof(Forged), forging);
    }

    private static Dictionary<int, Serializer> SerializersById(ActorSystem system)
    {
        var field = typeof(Akka.Serialization.Serialization).GetField("_serializersById", BindingFlags.NonPublic | BindingFlags.Instance)!;
        var byId = (Dictionary<int, Serializer>)field.GetValue(((ExtendedActorSystem)system).Serialization)!;
        return new Dictionary<int, Serializer>(byId);
    }
}
