using Akka;
using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.Streams.Stage;
using Hourglass.Protocol;
using Temporalio.Api.History.V1;

namespace Hourglass;

/// <summary>Akka.Streams sources over Hourglass's watches.</summary>
public static class HourglassStreams
{
    /// <summary>
    /// A source of a workflow's history events as they are written: it sends <paramref name="watch"/>
    /// to <paramref name="hourglass"/> when materialized, emits every event of each
    /// <see cref="WorkflowEventsAppended"/> in order (buffering while downstream is slow), completes
    /// on <see cref="WorkflowWatchEnded"/>, fails with an <see cref="HourglassException"/> on an
    /// <see cref="OperationFailed"/>, and unwatches when downstream cancels.
    /// </summary>
    public static Source<HistoryEvent, NotUsed> WatchWorkflow(IActorRef hourglass, WatchWorkflow watch)
    {
        ArgumentNullException.ThrowIfNull(hourglass);
        ArgumentNullException.ThrowIfNull(watch);
        return Source.FromGraph(new WatchStage(hourglass, watch));
    }

    /// <summary>A source of a workflow's history from its first event, as <see cref="WatchWorkflow(IActorRef, Protocol.WatchWorkflow)"/>.</summary>
    public static Source<HistoryEvent, NotUsed> WatchWorkflow(IActorRef hourglass, WorkflowHandle handle) =>
        WatchWorkflow(hourglass, new WatchWorkflow(handle));

    private sealed class WatchStage(IActorRef hourglass, WatchWorkflow watch) : GraphStage<SourceShape<HistoryEvent>>
    {
        private readonly Outlet<HistoryEvent> _out = new("watch.out");

        public IActorRef Hourglass { get; } = hourglass;

        public WatchWorkflow Watch { get; } = watch;

        public override SourceShape<HistoryEvent> Shape => new(_out);

        protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

        private sealed class Logic : OutGraphStageLogic
        {
            private readonly WatchStage _stage;
            private readonly Queue<HistoryEvent> _buffer = new();
            private StageActor? _self;
            private bool _ended;

            public Logic(WatchStage stage) : base(stage.Shape)
            {
                _stage = stage;
                SetHandler(stage._out, this);
            }

            public override void PreStart()
            {
                _self = GetStageActor(OnMessage);
                _stage.Hourglass.Tell(_stage.Watch, _self.Ref);
            }

            public override void OnPull() => Flush();

            public override void OnDownstreamFinish(Exception cause)
            {
                if (!_ended && _self is not null) _stage.Hourglass.Tell(new UnwatchWorkflow(_stage.Watch.Handle), _self.Ref);
                base.OnDownstreamFinish(cause);
            }

            private void OnMessage((IActorRef Sender, object Message) received)
            {
                switch (received.Message)
                {
                    case WorkflowEventsAppended appended:
                        foreach (var e in appended.Events) _buffer.Enqueue(e);
                        Flush();
                        break;
                    case WorkflowWatchEnded:
                        _ended = true;
                        Flush();
                        break;
                    case OperationFailed failed:
                        _ended = true;
                        FailStage(new HourglassException(failed.Error, failed.Request));
                        break;
                }
            }

            private void Flush()
            {
                if (_buffer.Count > 0 && IsAvailable(_stage._out)) Push(_stage._out, _buffer.Dequeue());
                if (_ended && _buffer.Count == 0) CompleteStage();
            }
        }
    }
}
