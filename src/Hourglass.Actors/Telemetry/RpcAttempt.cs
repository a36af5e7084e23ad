using System.Diagnostics;
using Hourglass.Backends.Real;
using Hourglass.Temporal;
using Temporalio.Exceptions;
using StatusCode = Temporalio.Exceptions.RpcException.StatusCode;

namespace Hourglass.Telemetry;

/// <summary>
/// One attempt of a real backend's RPC, as telemetry sees it: its client span (OpenTelemetry's gRPC
/// conventions: <c>rpc.system</c>, <c>rpc.service</c>, <c>rpc.method</c>, <c>rpc.grpc.status_code</c>,
/// <c>server.address</c>, and the attempt's number), and what it tells of Temporal's reachability.
/// </summary>
internal readonly struct RpcAttempt
{
    private readonly Activity? _span;
    private readonly TemporalReachability _reachability;

    private RpcAttempt(Activity? span, TemporalReachability reachability)
    {
        _span = span;
        _reachability = reachability;
    }

    /// <summary>Starts attempt number <paramref name="attempt"/> of <paramref name="rpc"/>.</summary>
    public static RpcAttempt Start(HourglassInstruments? instruments, TemporalConnector connector, RpcName rpc, int attempt, string target) =>
        new(instruments?.StartAttempt(rpc, attempt, target), TemporalReachability.Of(connector));

    /// <summary>Temporal answered with success.</summary>
    public void Succeeded()
    {
        _reachability.Answered();
        if (_span is null) return;
        _span.SetTag("rpc.grpc.status_code", 0);
        _span.Stop();
    }

    /// <summary>The attempt failed with <paramref name="e"/>; returns its <c>error.type</c> (a gRPC code name, <c>connect</c>, <c>timeout</c>, …).</summary>
    /// <param name="e">What the attempt threw.</param>
    /// <param name="timedOut">True when the attempt's own deadline ended it.</param>
    public string Failed(Exception e, bool timedOut)
    {
        string errorType;
        int? code = null;
        switch (e)
        {
            case RpcException rpc when !timedOut:
                code = (int)rpc.Code;
                errorType = TemporalErrors.CodeName(rpc.Code)["grpc ".Length..];
                // Any status but UNAVAILABLE comes from the server itself: it is there.
                if (rpc.Code == StatusCode.Unavailable) _reachability.Unreached($"{errorType}: {rpc.Message}");
                else _reachability.Answered();
                break;
            case TemporalConnectException connect:
                errorType = "connect";
                _reachability.Unreached(connect.Message);
                break;
            case OperationCanceledException or RpcException when timedOut:
                // No answer within the deadline says nothing of reachability: a slow query, a long poll.
                code = (int)StatusCode.DeadlineExceeded;
                errorType = "timeout";
                break;
            case OperationCanceledException:
                code = (int)StatusCode.Cancelled;
                errorType = "canceled";
                break;
            default:
                errorType = e.GetType().FullName ?? e.GetType().Name;
                break;
        }
        if (_span is null) return errorType;
        if (code is { } c) _span.SetTag("rpc.grpc.status_code", c);
        _span.SetTag("error.type", errorType);
        _span.SetStatus(ActivityStatusCode.Error, e.Message);
        _span.AddException(e);
        _span.Stop();
        return errorType;
    }
}
