using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Hourglass.Tests.Telemetry;

/// <summary>
/// A <see cref="MeterListener"/> on one ActorSystem's Hourglass meter (its scope is the system),
/// keeping every measurement with its tags; observable instruments are read on <see cref="Observe"/>.
/// </summary>
public sealed class MetricCollector : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Recorded> _recorded = new();

    public MetricCollector(ActorSystem system)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == Hourglass.Telemetry.HourglassTelemetry.Name && ReferenceEquals(instrument.Meter.Scope, system))
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((i, value, tags, _) => Keep(i, value, tags));
        _listener.SetMeasurementEventCallback<int>((i, value, tags, _) => Keep(i, value, tags));
        _listener.SetMeasurementEventCallback<double>((i, value, tags, _) => Keep(i, value, tags));
        _listener.Start();
    }

    /// <summary>One measurement.</summary>
    public sealed record Recorded(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags)
    {
        /// <summary>True when every tag given has the value given.</summary>
        public bool Has(params (string Key, object? Value)[] tags) => tags.All(t => Tags.TryGetValue(t.Key, out var v) && Equals(v, t.Value));
    }

    /// <summary>Every measurement of <paramref name="instrument"/> so far with the tags given.</summary>
    public IReadOnlyList<Recorded> Of(string instrument, params (string Key, object? Value)[] tags) =>
        _recorded.Where(r => r.Instrument == instrument && r.Has(tags)).ToArray();

    /// <summary>The sum of the measurements of a counter with the tags given.</summary>
    public double Sum(string instrument, params (string Key, object? Value)[] tags) => Of(instrument, tags).Sum(r => r.Value);

    /// <summary>Reads the observable instruments now and returns the value of <paramref name="instrument"/> with the tags given (the sum over matching series).</summary>
    public double Observe(string instrument, params (string Key, object? Value)[] tags)
    {
        var before = _recorded.Count;
        _listener.RecordObservableInstruments();
        return _recorded.Skip(before).Where(r => r.Instrument == instrument && r.Has(tags)).Sum(r => r.Value);
    }

    private void Keep(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var map = new Dictionary<string, object?>(tags.Length);
        foreach (var tag in tags) map[tag.Key] = tag.Value;
        _recorded.Enqueue(new Recorded(instrument.Name, value, map));
    }

    /// <inheritdoc />
    public void Dispose() => _listener.Dispose();
}
