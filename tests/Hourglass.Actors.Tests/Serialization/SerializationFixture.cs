using Akka.TestKit.TestActors;
using Hourglass.Tests.Support;

namespace Hourglass.Tests.Serialization;

/// <summary>One ActorSystem on the test profile shared by the serializer tests, with an actor for the samples that hold one.</summary>
public sealed class SerializationFixture : IDisposable
{
    public SerializationFixture()
    {
        System = ActorSystem.Create("serialization", HourglassTestKit.TestConfig());
        Actor = System.ActorOf(Props.Create<BlackHoleActor>(), "sample-backend");
        Samples = SampleMessages.All(Actor);
    }

    public ActorSystem System { get; }

    /// <summary>The actor the samples' backend choices name.</summary>
    public IActorRef Actor { get; }

    public IReadOnlyDictionary<string, object> Samples { get; }

    public void Dispose() => System.Terminate().Wait(TimeSpan.FromSeconds(10));
}
