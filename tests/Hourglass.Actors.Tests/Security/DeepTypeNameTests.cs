using Hourglass.Tests.Host;

namespace Hourglass.Tests.Security;

/// <summary>
/// The message that ended a node: a generic type name nested 16,000 deep as the manifest, under a
/// serializer for which Akka resolves the manifest as a type before the serializer runs — and
/// Akka's system-message serializer then prints the type in its error (stack overflow, exit 134) —
/// sent even to a path that does not exist. Each test runs <c>serve</c> in a
/// process of its own, so the attack can only end that process, and shows it either survives and
/// serves (remote guard on, the production profile) or dies (guard switched off: the attack is real).
/// </summary>
public sealed class DeepTypeNameTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    // Every serializer identifier a cluster node with Hourglass registers.
    private static readonly int[] Identifiers = [0, 1, 2, 3, 4, 5, 6, 16, 17, 22, 30, 36, 6110];

    // Those guarded by Hourglass, which log their refusal (the others throw, and Akka.Remote logs it).
    private static readonly int[] Guarded = [0, 1, 2, 3, 4, 6, 16, 22, 30, 36];

    [Fact]
    public async Task A_deep_generic_type_name_under_any_serializer_does_not_end_a_guarded_node()
    {
        await using var node = await NodeProcess.StartAsync("--mock");
        await using var hostile = HostilePeer.Start();
        var manifest = Wire.DeepGenericTypeName();

        foreach (var id in Identifiers)
        {
            hostile.Direct($"{node.Address}/user/no-such-actor").Tell(new Forged(id, manifest, [1, 2, 3]));
            hostile.Selection($"{node.Address}/user/hourglass").Tell(new Forged(id, manifest, [1, 2, 3]));
        }

        // Both copies of each reached the node and were refused there (the one in a selection by the
        // guard of the selection's payload), none resolved.
        foreach (var id in Guarded)
            await node.Log.WaitForLinesAsync(l => HostilePeerTests.Refusal(l, $"{Name(id)} (id {id}), manifest [System.Collections.Generic.List`1[[")
                && l.Contains("(592012 characters)"), 2, Patience);
        var served = await CliRun.Of("start", "OrderWorkflow", "survivor", "--via", node.Address);
        Assert.True(served.Code == 0, $"{served}\n{node}");
        Assert.True(node.IsRunning, node.ToString());
    }

    private static string Name(int id) => id switch
    {
        0 => "null", 1 => "json", 2 => "proto", 3 => "daemon-create", 4 => "bytes", 6 => "akka-containers",
        16 => "akka-misc", 22 => "akka-system-msg", 30 => "akka-stream-ref", 36 => "reliable-delivery",
        _ => throw new ArgumentOutOfRangeException(nameof(id)),
    };

    [Fact]
    public async Task Without_the_guard_the_same_message_to_a_path_that_does_not_exist_ends_the_node()
    {
        var off = Path.Combine(Path.GetTempPath(), $"hourglass-guard-off-{Guid.NewGuid():N}.conf");
        await File.WriteAllTextAsync(off, "hourglass.remote-guard = off\n");
        try
        {
            await using var node = await NodeProcess.StartAsync("--mock", "--config", off);
            await using var hostile = HostilePeer.Start();

            // Akka's system-message serializer (id 22) is not a string-manifest serializer: Akka resolves
            // the manifest first, and the serializer names the type it does not know in its error.
            hostile.Direct($"{node.Address}/user/no-such-actor").Tell(new Forged(22, Wire.DeepGenericTypeName(), [1, 2, 3]));

            var exit = await node.WaitForExitAsync(Patience);
            Assert.True(exit is not null and not 0, $"the unguarded node should have died of the message (exit {exit?.ToString() ?? "none"})");
        }
        finally
        {
            File.Delete(off);
        }
    }
}
