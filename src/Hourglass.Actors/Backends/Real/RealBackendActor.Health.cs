using Akka.Actor;
using Hourglass.Health;
using Hourglass.Telemetry;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Exceptions;

namespace Hourglass.Backends.Real;

public sealed partial class RealBackendActor
{
    private readonly List<IActorRef> _checking = new();
    private bool _probing;

    // Readiness: Temporal answered recently, or it answers a probe now. One probe at a time serves
    // every check that waits; the probe is an ordinary call of this backend (its attempts retried,
    // traced and counted), bounded by the check's probe timeout.
    private void HandleCheck(CheckTemporal check)
    {
        var reachability = TemporalReachability.Of(_connector);
        if (reachability.Connected && reachability.SinceAnswer is { } since && since <= check.FreshFor)
        {
            Sender.Tell(new TemporalChecked(true, $"Temporal at {_settings.TargetHost} answered {Math.Round(since.TotalSeconds, 1)}s ago"));
            return;
        }
        _checking.Add(Sender);
        if (_probing) return;
        _probing = true;
        Probe(check).PipeTo(Self);
    }

    private async Task<TemporalChecked> Probe(CheckTemporal check)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        deadline.CancelAfter(check.ProbeTimeout);
        try
        {
            await _temporal.DescribeNamespaceAsync(new DescribeNamespaceRequest { Namespace = check.Namespace }, deadline.Token).ConfigureAwait(false);
            return new TemporalChecked(true, $"Temporal at {_settings.TargetHost} answered a probe");
        }
        catch (RpcException e) when (e.Code != RpcException.StatusCode.Unavailable)
        {
            // The server itself answered (the namespace may be missing, the key refused): it is there.
            return new TemporalChecked(true, $"Temporal at {_settings.TargetHost} answered a probe ({e.Code})");
        }
        catch (Exception e)
        {
            var problem = deadline.IsCancellationRequested && !_stopping.IsCancellationRequested
                ? $"no answer within {check.ProbeTimeout.TotalSeconds}s"
                : TemporalReachability.Of(_connector).LastProblem ?? e.Message;
            return new TemporalChecked(false, $"Temporal at {_settings.TargetHost} does not answer: {problem}");
        }
    }

    private void HandleChecked(TemporalChecked result)
    {
        _probing = false;
        foreach (var asker in _checking) asker.Tell(result);
        _checking.Clear();
    }
}
