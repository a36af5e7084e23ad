using System.Collections.Concurrent;
using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Hourglass.Configuration;
using Hourglass.Protocol;
using Xunit.Abstractions;

namespace Hourglass.Tests.Support;

/// <summary>A TestKit on the test profile (hocon/test.conf) with a ClientBackendActor at /user/hourglass.</summary>
public abstract class HourglassTestKit : Akka.TestKit.Xunit2.TestKit
{
    private readonly ConcurrentQueue<string> _serializationFailures = new();

    protected HourglassTestKit(ITestOutputHelper output, string? extraConfig = null)
        : base(TestConfig(extraConfig), output: output)
    {
        // With serialize-messages on, Akka drops a message that fails to serialize and only logs
        // it; collect those logs so such a message fails the test instead of passing unseen.
        var collector = Sys.ActorOf(Props.Create(() => new SerializationFailures(_serializationFailures)), "serialization-failures");
        Sys.EventStream.Subscribe(collector, typeof(Error));
        Hourglass = Sys.StartHourglass();
    }

    /// <summary>The router under test.</summary>
    protected IActorRef Hourglass { get; }

    public static Config TestConfig(string? extra = null)
    {
        var profile = ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "test.conf")));
        var config = extra is null ? profile : ConfigurationFactory.ParseString(extra).WithFallback(profile);
        return config.WithFallback(HourglassConfig.Default());
    }

    /// <summary>Starts a workflow on the sender's backend and returns its handle.</summary>
    protected WorkflowHandle StartOne(string workflowId, string type = "OrderWorkflow", params object?[] args)
    {
        Hourglass.Tell(new StartWorkflow(type, workflowId, args));
        return ExpectMsg<WorkflowStarted>().Handle;
    }

    /// <inheritdoc />
    protected override void AfterAll()
    {
        base.AfterAll();
        if (!_serializationFailures.IsEmpty)
            Assert.Fail("messages failed to serialize and were dropped:\n" + string.Join("\n", _serializationFailures));
    }

    /// <summary>Expects an OperationFailed of the given kind and returns it.</summary>
    protected OperationFailed ExpectFailure(ErrorKind kind, TimeSpan? within = null)
    {
        var failed = ExpectMsg<OperationFailed>(within);
        Assert.True(failed.Error.Kind == kind, $"expected {kind}, got {failed.Error}");
        return failed;
    }

    private sealed class SerializationFailures : ReceiveActor
    {
        public SerializationFailures(ConcurrentQueue<string> failures) =>
            Receive<Error>(e => e.Cause is SerializationException, e => failures.Enqueue($"{e.Message}: {e.Cause}"));
    }
}
