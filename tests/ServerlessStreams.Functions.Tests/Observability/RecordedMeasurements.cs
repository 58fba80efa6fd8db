using System.Diagnostics.Metrics;

namespace ServerlessStreams.Functions.Tests.Observability;

/// <summary>Every measurement one meter publishes, captured with its instrument, value and tags.</summary>
internal sealed class RecordedMeasurements : IDisposable
{
    private readonly Lock gate = new();
    private readonly List<Measurement> measurements = [];
    private readonly MeterListener listener;

    public RecordedMeasurements(Meter meter)
    {
        listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, meter))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        listener.Start();
    }

    public IReadOnlyList<Measurement> All
    {
        get
        {
            lock (gate)
            {
                return [.. measurements];
            }
        }
    }

    public Measurement Single(string instrument) => Assert.Single(All, m => m.Instrument == instrument);

    public void Dispose() => listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var tagMap = new Dictionary<string, string?>();
        foreach (var tag in tags)
        {
            tagMap[tag.Key] = tag.Value?.ToString();
        }

        lock (gate)
        {
            measurements.Add(new Measurement(instrument.Name, instrument.Unit, value, tagMap));
        }
    }

    internal sealed record Measurement(string Instrument, string? Unit, double Value, IReadOnlyDictionary<string, string?> Tags);
}
