using Akka.Hosting;
using Hourglass.Configuration;
using Hourglass.Host.Cli;
using Hourglass.Protocol;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hourglass.Host.Node;

/// <summary>
/// Makes sure the node's namespace exists when the node starts (<c>hourglass.host.ensure-namespace</c>),
/// through the node's own <see cref="ClientBackendActor"/>. On every failure that may pass
/// (<see cref="HourglassError.IsTransient"/>: Temporal unreachable however the transport failed, a
/// timeout, overload, a backend that failed, an RPC failing with a passing code) it tries again,
/// waiting longer each time up to <see cref="NodeSettings.MaxBackoff"/>; only a permanent error
/// (refused credentials or TLS, bad input, a precondition) is logged as such and ends the trying.
/// It never stops the node, and stops itself when the node stops.
/// </summary>
internal sealed class NamespaceEnsurer(
    IRequiredActor<ClientBackendActor> hourglassRef,
    NodeSettings node,
    HourglassSettings settings,
    ILogger<NamespaceEnsurer> log) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (node.EnsureNamespace is not { } name)
        {
            log.LogInformation("Ensuring no namespace at start (hourglass.host.ensure-namespace = off)");
            return;
        }

        try
        {
            var hourglass = await hourglassRef.GetAsync(stoppingToken);
            var wait = node.InitialBackoff;
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var created = await hourglass.EnsureNamespaceAsync(name, timeout: AskTimeout, cancellationToken: stoppingToken);
                    if (created)
                    {
                        log.LogInformation("Namespace {Namespace} created (retention {Retention})",
                            name, Durations.Format(settings.Real.NamespaceRetention));
                    }
                    else
                    {
                        log.LogInformation("Namespace {Namespace} already there", name);
                    }
                    return;
                }
                catch (HourglassException e) when (e.Error.IsTransient)
                {
                    log.LogWarning("Could not ensure namespace {Namespace} yet (attempt {Attempt}): {Kind}: {Message}; trying again in {Wait}",
                        name, attempt, e.Kind, e.Error.Message, Durations.Format(wait));
                }
                catch (HourglassException e)
                {
                    log.LogError("Could not ensure namespace {Namespace}: {Kind}: {Message}; not trying again",
                        name, e.Kind, e.Error.Message);
                    return;
                }
                await Task.Delay(wait, stoppingToken);
                wait = wait * 2 < node.MaxBackoff ? wait * 2 : node.MaxBackoff;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The node is stopping.
        }
    }

    // One EnsureNamespace may take every attempt of a describe and a register, then the wait for the namespace to show.
    private TimeSpan AskTimeout
    {
        get
        {
            var real = settings.Real;
            var budget = 2 * real.RetryMaxAttempts * (real.ConnectTimeout + real.RpcTimeout + real.RetryMaxBackoff)
                + real.NamespaceReadyTimeout + TimeSpan.FromSeconds(5);
            return budget > HourglassAskExtensions.DefaultAskTimeout ? budget : HourglassAskExtensions.DefaultAskTimeout;
        }
    }
}
