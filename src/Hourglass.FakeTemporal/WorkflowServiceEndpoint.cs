using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Hourglass.Backends.Mock;
using Temporalio.Api.WorkflowService.V1;
using TemporalRpcException = Temporalio.Exceptions.RpcException;

namespace Hourglass.FakeTemporal;

// Hourglass.Status (the status decoder) would otherwise hide gRPC's Status type here.
using Status = Grpc.Core.Status;

/// <summary>
/// The gRPC service: every unary method of Temporal's WorkflowService is bound (from the protobuf
/// descriptor Temporalio ships), so any call is decoded and recorded; the ones
/// <see cref="InMemoryTemporal"/> implements are answered by it, the rest with UNIMPLEMENTED.
/// </summary>
internal sealed class WorkflowServiceEndpoint(FakeTemporalServer server)
{
    private static readonly Dictionary<string, Func<InMemoryTemporal, IMessage, IMessage>> Served = new(StringComparer.Ordinal)
    {
        ["GetSystemInfo"] = (t, _) => t.GetSystemInfo(),
        ["RegisterNamespace"] = (t, r) => t.RegisterNamespace((RegisterNamespaceRequest)r),
        ["DescribeNamespace"] = (t, r) => t.DescribeNamespace((DescribeNamespaceRequest)r),
        ["StartWorkflowExecution"] = (t, r) => t.StartWorkflowExecution((StartWorkflowExecutionRequest)r),
        ["SignalWithStartWorkflowExecution"] = (t, r) => t.SignalWithStartWorkflowExecution((SignalWithStartWorkflowExecutionRequest)r),
        ["DescribeWorkflowExecution"] = (t, r) => t.DescribeWorkflowExecution((DescribeWorkflowExecutionRequest)r),
        ["ListWorkflowExecutions"] = (t, r) => t.ListWorkflowExecutions((ListWorkflowExecutionsRequest)r),
        ["CountWorkflowExecutions"] = (t, r) => t.CountWorkflowExecutions((CountWorkflowExecutionsRequest)r),
        ["SignalWorkflowExecution"] = (t, r) => t.SignalWorkflowExecution((SignalWorkflowExecutionRequest)r),
        ["RequestCancelWorkflowExecution"] = (t, r) => t.RequestCancelWorkflowExecution((RequestCancelWorkflowExecutionRequest)r),
        ["TerminateWorkflowExecution"] = (t, r) => t.TerminateWorkflowExecution((TerminateWorkflowExecutionRequest)r),
    };

    // The calls that wait for the worker (a test playing it): answered when the engine's task completes,
    // given up at the caller's deadline or cancellation, or when the server stops.
    private static readonly Dictionary<string, Func<InMemoryTemporal, IMessage, ServerCallContext, CancellationToken, ValueTask<IMessage>>> ServedLater = new(StringComparer.Ordinal)
    {
        // A history long poll ends a second before the caller's deadline, as a server's does.
        ["GetWorkflowExecutionHistory"] = async (t, r, call, c) =>
            await t.GetWorkflowExecutionHistoryAsync((GetWorkflowExecutionHistoryRequest)r, Deadline(call), c),
        ["QueryWorkflow"] = async (t, r, _, c) => await t.QueryWorkflowAsync((QueryWorkflowRequest)r, c),
        ["UpdateWorkflowExecution"] = async (t, r, _, c) => await t.UpdateWorkflowExecutionAsync((UpdateWorkflowExecutionRequest)r, c),
        ["PollWorkflowExecutionUpdate"] = async (t, r, _, c) => await t.PollWorkflowExecutionUpdateAsync((PollWorkflowExecutionUpdateRequest)r, c),
    };

    // gRPC gives DateTime.MaxValue when the caller set no deadline.
    private static DateTimeOffset? Deadline(ServerCallContext call) =>
        call.Deadline == DateTime.MaxValue ? null : new DateTimeOffset(DateTime.SpecifyKind(call.Deadline, DateTimeKind.Utc));

    public static ServiceDescriptor Descriptor { get; } = ServiceReflection.Descriptor.FindTypeByName<ServiceDescriptor>("WorkflowService")
        ?? throw new InvalidOperationException("Temporalio does not describe temporal.api.workflowservice.v1.WorkflowService.");

    public static IReadOnlyCollection<string> ServedMethods => [.. Served.Keys, .. ServedLater.Keys];

    public async Task<IMessage> HandleAsync(string method, IMessage request, ServerCallContext context)
    {
        server.Record(method, request, context);

        if (server.FaultRegistry.Take(method) is { } fault)
        {
            if (fault.Delay > TimeSpan.Zero) await HoldAsync(fault.Delay, context);
            switch (fault.Kind)
            {
                case FakeFaultKind.Error:
                    throw ToGrpc(InMemoryTemporal.Fail(fault.Code, fault.Message, fault.Detail));
                case FakeFaultKind.AbortCall:
                    context.GetHttpContext().Abort();
                    throw new RpcException(new Status(StatusCode.Cancelled, "Call aborted by an injected fault."));
                case FakeFaultKind.DropConnection:
                    server.DropConnection(context.GetHttpContext().Connection.Id);
                    throw new RpcException(new Status(StatusCode.Unavailable, "Connection dropped by an injected fault."));
            }
        }

        if (!server.IsAuthorized(context))
            throw new RpcException(new Status(StatusCode.Unauthenticated, "Request unauthorized: missing or invalid API key."));

        if (ServedLater.TryGetValue(method, out var serveLater)) return await ServeLaterAsync(method, serveLater, request, context);

        if (!Served.TryGetValue(method, out var serve))
            throw new RpcException(new Status(StatusCode.Unimplemented, $"The fake Temporal frontend does not serve {method}."));

        try
        {
            return serve(server.Temporal, request);
        }
        catch (TemporalRpcException e)
        {
            throw ToGrpc(e);
        }
    }

    private async Task<IMessage> ServeLaterAsync(string method, Func<InMemoryTemporal, IMessage, ServerCallContext, CancellationToken, ValueTask<IMessage>> serve, IMessage request, ServerCallContext context)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, server.StoppingToken);
        try
        {
            return await serve(server.Temporal, request, context, linked.Token);
        }
        catch (TemporalRpcException e)
        {
            throw ToGrpc(e);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            if (server.StoppingToken.IsCancellationRequested)
                throw new RpcException(new Status(StatusCode.Unavailable, "The fake Temporal frontend is stopping."));
            // What a server answers when the caller's deadline ends the wait for a worker (workflow_handler.go QueryWorkflow).
            throw new RpcException(context.Deadline <= DateTime.UtcNow
                ? new Status(StatusCode.DeadlineExceeded, method == "QueryWorkflow" ? "query timed out before a worker could process it" : "context deadline exceeded")
                : new Status(StatusCode.Cancelled, "context canceled"));
        }
    }

    // Holds a call, giving up at the caller's deadline or cancellation, or when the server stops.
    private async Task HoldAsync(TimeSpan delay, ServerCallContext context)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, server.StoppingToken);
        try
        {
            await Task.Delay(delay, linked.Token);
        }
        catch (OperationCanceledException)
        {
            if (server.StoppingToken.IsCancellationRequested)
                throw new RpcException(new Status(StatusCode.Unavailable, "The fake Temporal frontend is stopping."));
            throw new RpcException(context.Deadline <= DateTime.UtcNow
                ? new Status(StatusCode.DeadlineExceeded, "Deadline exceeded while an injected delay held the call.")
                : new Status(StatusCode.Cancelled, "The call was cancelled while an injected delay held it."));
        }
    }

    // A Temporal frontend sends the failure details as the serialized google.rpc.Status in this trailer.
    private static RpcException ToGrpc(TemporalRpcException e)
    {
        var trailers = new Metadata();
        var status = e.GrpcStatus.Value;
        if (e.RawStatus is { } raw && status is { Details.Count: > 0 }) trailers.Add("grpc-status-details-bin", raw);
        var message = status is { Message.Length: > 0 } ? status.Message : e.Message;
        return new RpcException(new Status((StatusCode)(int)e.Code, message), trailers);
    }
}

/// <summary>Binds every unary WorkflowService method to <see cref="WorkflowServiceEndpoint.HandleAsync"/>.</summary>
internal sealed class WorkflowServiceMethodProvider : IServiceMethodProvider<WorkflowServiceEndpoint>
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<WorkflowServiceEndpoint> context)
    {
        var service = WorkflowServiceEndpoint.Descriptor;
        foreach (var method in service.Methods)
        {
            if (method.IsClientStreaming || method.IsServerStreaming) continue;
            var name = method.Name;
            var grpcMethod = new Method<IMessage, IMessage>(
                MethodType.Unary,
                service.FullName,
                name,
                Marshallers.Create<IMessage>(m => m.ToByteArray(), method.InputType.Parser!.ParseFrom),
                Marshallers.Create<IMessage>(m => m.ToByteArray(), method.OutputType.Parser!.ParseFrom));
            context.AddUnaryMethod(grpcMethod, new List<object>(), (endpoint, request, call) => endpoint.HandleAsync(name, request, call));
        }
    }
}
