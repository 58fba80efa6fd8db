using ServerlessStreams.Engine;
using ServerlessStreams.Segments;
using ServerlessStreams.Spec;
using ServerlessStreams.Stages;

namespace ServerlessStreams.Simulation;

/// <summary>One function task's keys in memory, with the due-time index that wakes keys no new segment reaches.</summary>
internal sealed class SimulatedTask(FunctionStage stage, double maxOutOfOrdernessMs)
{
    private readonly Dictionary<GroupKey, KeyState> _states = new();
    private readonly List<GroupKey> _keysInArrivalOrder = [];
    private readonly HashSet<(GroupKey, SegmentId)> _seen = [];
    // Entries order by due time, then by when they were scheduled; the sequence number is unique, so keys never compare.
    private static readonly Comparer<(double Due, long Sequence, GroupKey Key)> DueOrder =
        Comparer<(double Due, long Sequence, GroupKey Key)>.Create((a, b) =>
            a.Due != b.Due ? a.Due.CompareTo(b.Due) : a.Sequence.CompareTo(b.Sequence));

    private readonly SortedSet<(double Due, long Sequence, GroupKey Key)> _timerDue = new(DueOrder);
    private readonly SortedSet<(double Due, long Sequence, GroupKey Key)> _watermarkDue = new(DueOrder);
    private readonly Dictionary<GroupKey, (double Due, long Sequence, GroupKey Key)> _timerEntry = new();
    private readonly Dictionary<GroupKey, (double Due, long Sequence, GroupKey Key)> _watermarkEntry = new();
    private long _dueSequence;
    private double? _maxEventTime;

    public WindowKeyKind KeyKindOf(string windowId) =>
        stage.Compiled.Windows.First(w => w.Id == windowId).Spec.KeyKind;

    private double Now => _maxEventTime ?? 0;

    private double? Watermark => _maxEventTime - maxOutOfOrdernessMs;

    public TaskOutcome Process(Segment segment)
    {
        StageOutput output;
        try
        {
            output = stage.Process(segment);
        }
        catch (SegmentRejectedException e)
        {
            return new TaskOutcome([], [], e.Reason, false);
        }

        // A function that returns several segments has them all applied or none: checked before anything is applied.
        if (output.Results.Count > 1)
            foreach (var result in output.Results)
                if (stage.Machine.Validate(result) is { } reason) return new TaskOutcome([], [], reason, false);
        if (!_seen.Add((output.Key, output.DedupeId))) return new TaskOutcome([], [], null, false);

        // Processing time is event time: the segment moves the clock before it is applied, so a timer due at its
        // time fires with it counted, and keys it does not reach are woken afterwards.
        foreach (var result in output.Results)
            if (result.EventTime is { } eventTime && (_maxEventTime is null || eventTime > _maxEventTime))
                _maxEventTime = eventTime;
        var state = StateOf(output.Key);
        var step = stage.Machine.Apply(state, output.Key, output.Results, Now, Watermark);
        Schedule(output.Key, state);
        var firings = new List<Firing>(step.Firings);
        firings.AddRange(Wake());
        var rejection = step.HasRejected ? step.Rejected[0].Reason : null;
        return new TaskOutcome(firings, output.Emitted, rejection, step.HasLate);
    }

    public IEnumerable<Firing> Complete()
    {
        foreach (var key in _keysInArrivalOrder)
            foreach (var firing in stage.Machine.Complete(_states[key], key).Firings)
                yield return firing;
    }

    private KeyState StateOf(GroupKey key)
    {
        if (!_states.TryGetValue(key, out var state))
        {
            state = stage.Machine.NewState();
            _states[key] = state;
            _keysInArrivalOrder.Add(key);
        }
        return state;
    }

    /// <summary>Ticks every key whose timer, watermark trigger or pruning time has come, earliest first.</summary>
    private List<Firing> Wake()
    {
        var firings = new List<Firing>();
        while (true)
        {
            var next = Pop(_timerDue, Now) ?? (Watermark is { } wm ? Pop(_watermarkDue, wm) : null);
            if (next is not { } key) return firings;
            var state = _states[key];
            firings.AddRange(stage.Machine.Tick(state, key, Now, Watermark).Firings);
            Schedule(key, state);
        }
    }

    private static GroupKey? Pop(SortedSet<(double Due, long Sequence, GroupKey Key)> index, double upTo) =>
        index.Count == 0 || index.Min.Due > upTo ? null : index.Min.Key;

    private void Schedule(GroupKey key, KeyState state)
    {
        Reindex(_timerDue, _timerEntry, key, stage.Machine.NextTimerDue(state));
        Reindex(_watermarkDue, _watermarkEntry, key, stage.Machine.NextWatermarkDue(state));
    }

    private void Reindex(SortedSet<(double Due, long Sequence, GroupKey Key)> index,
        Dictionary<GroupKey, (double Due, long Sequence, GroupKey Key)> entries, GroupKey key, double? due)
    {
        if (entries.Remove(key, out var old)) index.Remove(old);
        if (due is not { } d) return;
        var entry = (d, _dueSequence++, key);
        index.Add(entry);
        entries[key] = entry;
    }
}

internal sealed record TaskOutcome(IReadOnlyList<Firing> Firings, IReadOnlyList<RoutedSegment> Emitted, string? Rejection, bool Late);
