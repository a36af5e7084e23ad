using Hourglass.Configuration;
using System.Diagnostics;
using Akka.Actor;
using Google.Protobuf.WellKnownTypes;
using Hourglass.Protocol;
using Hourglass.Serialization;
using Hourglass.Temporal;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Exceptions;
using static Hourglass.Serialization.WireFormat;
using P = Hourglass.Serialization.Proto;

namespace Hourglass.Operations
{
    /// <summary>
    /// <see cref="EnsureNamespace"/> → DescribeNamespace; on NotFound RegisterNamespace (AlreadyExists
    /// from a concurrent register is success), then DescribeNamespace until it is seen →
    /// <see cref="NamespaceEnsured"/>.
    /// </summary>
    internal sealed class EnsureNamespaceOperation : BackendOperation<EnsureNamespace, NamespaceEnsured>
    {
        private static readonly TimeSpan ReadyPollInterval = TimeSpan.FromMilliseconds(100);

        protected override void Validate(EnsureNamespace e, ref Validator v)
        {
            v.Namespace(e.Name, nameof(EnsureNamespace.Name), emptyIsDefault: false);
            v.Between(e.Retention, nameof(EnsureNamespace.Retention), TemporalLimits.MinRetention, TemporalLimits.MaxDuration);
        }

        protected override async ValueTask<NamespaceEnsured> ExecuteAsync(EnsureNamespace e, ITemporalService temporal, OperationContext context)
        {
            if (await VisibleAsync(e.Name, temporal, context).ConfigureAwait(false)) return new NamespaceEnsured(e.Name, Created: false);

            var created = true;
            try
            {
                await temporal.RegisterNamespaceAsync(new RegisterNamespaceRequest
                {
                    Namespace = e.Name,
                    WorkflowExecutionRetentionPeriod = Duration.FromTimeSpan(e.Retention ?? context.NamespaceRetention),
                    Description = "registered by Hourglass EnsureNamespace",
                }, context.Stopping).ConfigureAwait(false);
            }
            catch (RpcException failure) when (TemporalErrors.IsNamespaceAlreadyExists(failure))
            {
                created = false;
            }

            var waited = Stopwatch.StartNew();
            while (!await VisibleAsync(e.Name, temporal, context).ConfigureAwait(false))
            {
                if (waited.Elapsed >= context.NamespaceReadyTimeout)
                    throw new TemporalCallException(new HourglassError(ErrorKind.Timeout,
                        $"namespace {e.Name} was registered but describe did not see it within namespace-ready-timeout = {DurationText.Format(context.NamespaceReadyTimeout)}"));
                await Task.Delay(ReadyPollInterval, context.Stopping).ConfigureAwait(false);
            }
            return new NamespaceEnsured(e.Name, created);
        }

        private static async ValueTask<bool> VisibleAsync(string name, ITemporalService temporal, OperationContext context)
        {
            try
            {
                await temporal.DescribeNamespaceAsync(new DescribeNamespaceRequest { Namespace = name }, context.Stopping).ConfigureAwait(false);
                return true;
            }
            catch (Exception failure) when (TemporalErrors.Of(failure).Kind is ErrorKind.NamespaceNotFound or ErrorKind.NotFound)
            {
                return false;
            }
        }

        public override IReadOnlyList<MessageCodec> Codecs { get; } =
        [
            MessageCodec.Of<EnsureNamespace, P.EnsureNamespace>("EN", P.EnsureNamespace.Parser,
                m =>
                {
                    var p = new P.EnsureNamespace();
                    if (m.Name is not null) p.Name = m.Name;
                    if (m.Retention is { } retention) p.RetentionTicks = retention.Ticks;
                    return p;
                },
                p => new EnsureNamespace(Str(p.HasName, p.Name)!) { Retention = Span(p.HasRetentionTicks, p.RetentionTicks) }),
            MessageCodec.Of<NamespaceEnsured, P.NamespaceEnsured>("NE", P.NamespaceEnsured.Parser,
                m =>
                {
                    var p = new P.NamespaceEnsured { Created = m.Created };
                    if (m.Name is not null) p.Name = m.Name;
                    return p;
                },
                p => new NamespaceEnsured(Str(p.HasName, p.Name)!, p.Created)),
        ];
    }
}

namespace Hourglass
{
    public static partial class HourglassAskExtensions
    {
        /// <summary>Makes sure a namespace exists; returns true when this call registered it.</summary>
        public static async Task<bool> EnsureNamespaceAsync(this IActorRef hourglass, string name, TimeSpan? retention = null,
            TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
            (await AskAsync(hourglass, new EnsureNamespace(name) { Retention = retention }, timeout, cancellationToken)
                .ConfigureAwait(false)).Created;
    }
}
