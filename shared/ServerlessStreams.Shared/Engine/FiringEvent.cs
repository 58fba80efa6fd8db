using System.Text.Json;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Engine;

/// <summary>
/// What made a trigger fire: the trigger's kind, or the job's completion (<see cref="Completed"/>). There is no list of
/// events beside <see cref="TriggerKind"/>: a kind added to the spec is an event as it stands. An event's
/// <see cref="Name"/> is the kind's name in the spec (<c>percentileWatermark</c>), or <c>completed</c>.
/// </summary>
public readonly record struct FiringEvent
{
    /// <summary>The name of <see cref="Completed"/>; no trigger kind may take it.</summary>
    public const string CompletedName = "completed";

    // Indexed by kind, so naming a firing allocates nothing.
    private static readonly string[] KindNames = BuildKindNames();

    private readonly TriggerKind? _kind;

    private FiringEvent(TriggerKind? kind) => _kind = kind;

    /// <summary>The job completed: every trigger fires every live extent once more.</summary>
    public static FiringEvent Completed => default;

    /// <summary>Every event: each trigger kind, in the enum's order, then <see cref="Completed"/>.</summary>
    internal static IReadOnlyList<FiringEvent> All { get; } = [.. Enum.GetValues<TriggerKind>().Select(Of), Completed];

    internal static FiringEvent Of(TriggerKind kind) => new(kind);

    /// <summary>The event of a trigger of kind <paramref name="kind"/>.</summary>
    public static implicit operator FiringEvent(TriggerKind kind) => new(kind);

    /// <summary>The trigger kind that fired, or null when the job completed.</summary>
    public TriggerKind? Kind => _kind;

    /// <summary>Whether the job completed (a final firing), rather than a trigger fired.</summary>
    public bool IsCompleted => _kind is null;

    /// <summary>The event as a firing line and a stored firing name it: the kind as the spec names it, or <c>completed</c>.</summary>
    public string Name => _kind is not { } kind
        ? CompletedName
        : (uint)kind < (uint)KindNames.Length && KindNames[(int)kind] is { } name
            ? name
            : throw new ArgumentOutOfRangeException(nameof(Kind), kind, "unknown trigger kind");

    /// <summary>The event named <paramref name="name"/> (as <see cref="Name"/> gives it).</summary>
    internal static FiringEvent Parse(string name)
    {
        if (name == CompletedName) return Completed;
        var index = Array.IndexOf(KindNames, name);
        return index >= 0 ? new FiringEvent((TriggerKind)index) : throw new FormatException($"unknown firing event '{name}'");
    }

    /// <inheritdoc/>
    public override string ToString() => Name;

    // A kind's name in the spec, by the convention JobSpecWriter names every choice by.
    private static string[] BuildKindNames()
    {
        var kinds = Enum.GetValues<TriggerKind>();
        var names = new string[kinds.Max(k => (int)k) + 1];
        foreach (var kind in kinds) names[(int)kind] = JsonNamingPolicy.CamelCase.ConvertName(kind.ToString());
        return names;
    }
}
