using ServerlessStreams.Segments;

namespace ServerlessStreams.Durable.Entities;

/// <summary>
/// The highest position applied per source partition while a key's batch is selected: the stored high-water marks,
/// raised by each segment taken. A batch mostly holds one source, so the last one is kept at hand.
/// </summary>
internal sealed class HighestPositions(IReadOnlyDictionary<string, OriginPosition> stored)
{
    private string? _lastSource;
    private OriginPosition? _lastHighest;
    private Dictionary<string, OriginPosition>? _raised;

    /// <summary>Whether a segment at <paramref name="position"/> of <paramref name="source"/> is applied already.</summary>
    public bool Covers(string source, OriginPosition position) => Highest(source) is { } highest && position <= highest;

    /// <summary>Records a segment taken at <paramref name="position"/>, above every position of its source so far.</summary>
    public void Raise(string source, OriginPosition position)
    {
        Highest(source);
        _lastHighest = position;
    }

    private OriginPosition? Highest(string source)
    {
        if (ReferenceEquals(source, _lastSource)) return _lastHighest;
        if (_lastSource is not null && _lastHighest is { } previous)
            (_raised ??= new Dictionary<string, OriginPosition>(StringComparer.Ordinal))[_lastSource] = previous;
        _lastSource = source;
        _lastHighest = _raised is not null && _raised.TryGetValue(source, out var raised) ? raised
            : stored.TryGetValue(source, out var highWater) ? highWater
            : null;
        return _lastHighest;
    }
}
