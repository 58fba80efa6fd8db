using ServerlessStreams.Segments;

namespace ServerlessStreams.Engine;

/// <summary>
/// What one step of the state machine produced, and which extents it changed (for the store).
/// The collections are made on first use: a step usually fires nothing and changes one extent, and the engine's
/// hot path runs one step per key per batch.
/// </summary>
internal sealed class StepResult
{
    private List<Firing>? _firings;
    private List<Segment>? _late;
    private List<RejectedSegment>? _rejected;
    private HashSet<ExtentKey>? _changed;
    private HashSet<ExtentKey>? _removed;
    // The first changed extent is held here until a second one (or a reader) needs the set.
    private ExtentKey _onlyChanged;
    private bool _hasOnlyChanged;

    public List<Firing> Firings => _firings ??= [];
    /// <summary>Whether the step fired anything; unlike reading <see cref="Firings"/>, it makes no list.</summary>
    public bool HasFirings => _firings is { Count: > 0 };
    public List<Segment> Late => _late ??= [];
    /// <summary>Whether a segment was late; unlike reading <see cref="Late"/>, it makes no list.</summary>
    public bool HasLate => _late is { Count: > 0 };
    public List<RejectedSegment> Rejected => _rejected ??= [];
    /// <summary>Whether a segment was rejected; unlike reading <see cref="Rejected"/>, it makes no list.</summary>
    public bool HasRejected => _rejected is { Count: > 0 };
    public HashSet<ExtentKey> Changed => _changed ??= TakeOnlyChanged();
    public HashSet<ExtentKey> Removed => _removed ??= [];
    /// <summary>Whether the step removed an extent; unlike reading <see cref="Removed"/>, it makes no set.</summary>
    public bool HasRemoved => _removed is { Count: > 0 };

    /// <summary>The changed extent when it is the only one, read without making the <see cref="Changed"/> set.</summary>
    public bool TryGetOnlyChanged(out ExtentKey key)
    {
        key = _onlyChanged;
        return _changed is null && _hasOnlyChanged;
    }
    /// <summary>Segments that reached the windows (not late, not rejected).</summary>
    public int Applied { get; set; }

    /// <summary>Empties the result so a caller that consumes each step before the next can reuse it.</summary>
    public void Clear()
    {
        _firings?.Clear();
        _late?.Clear();
        _rejected?.Clear();
        _changed?.Clear();
        _removed?.Clear();
        _hasOnlyChanged = false;
        Applied = 0;
    }

    public void MarkChanged(ExtentKey key)
    {
        if (_changed is not null) _changed.Add(key);
        else if (!_hasOnlyChanged) (_onlyChanged, _hasOnlyChanged) = (key, true);
        else if (!_onlyChanged.Equals(key)) Changed.Add(key);
        _removed?.Remove(key);
    }

    public void MarkRemoved(ExtentKey key)
    {
        Removed.Add(key);
        if (_changed is not null) _changed.Remove(key);
        else if (_hasOnlyChanged && _onlyChanged.Equals(key)) _hasOnlyChanged = false;
    }

    private HashSet<ExtentKey> TakeOnlyChanged()
    {
        var set = new HashSet<ExtentKey>();
        if (_hasOnlyChanged) set.Add(_onlyChanged);
        _hasOnlyChanged = false;
        return set;
    }
}
