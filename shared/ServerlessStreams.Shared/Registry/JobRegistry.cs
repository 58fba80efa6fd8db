using System.Text.Json.Nodes;
using ServerlessStreams.Engine;

namespace ServerlessStreams.Registry;

/// <summary>A task's C# function: one segment in, zero or more segments out.</summary>
public delegate IEnumerable<JsonObject> SegmentFunction(JsonObject segment);

/// <summary>Computes a group key from a segment (the alternative to <c>groupByKey</c> fields).</summary>
public delegate JsonNode? KeyFunction(JsonObject segment);

/// <summary>A predicate over a segment: punctuation triggers and flow conditions.</summary>
public delegate bool SegmentPredicate(JsonObject segment);

/// <summary>Receives firings for a trigger whose <c>sync</c> names it.</summary>
public delegate ValueTask FiringCallback(Firing firing, CancellationToken cancellationToken);

/// <summary>The C# pieces a job spec refers to by name.</summary>
public sealed class JobRegistry
{
    /// <summary>The built-in function that passes each segment on unchanged.</summary>
    public const string IdentityFunction = "identity";

    private readonly Dictionary<string, SegmentFunction> _functions = new(StringComparer.Ordinal)
    {
        [IdentityFunction] = segment => [segment],
    };
    private readonly Dictionary<string, KeyFunction> _keyFunctions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SegmentPredicate> _predicates = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IUserAggregation> _aggregations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FiringCallback> _callbacks = new(StringComparer.Ordinal);

    /// <summary>A new registry with only the built-in <c>identity</c> function.</summary>
    public static JobRegistry Default => new();

    /// <summary>Registers a task's function under <paramref name="name"/> (a task's <c>fn</c>); returns this registry.</summary>
    public JobRegistry AddFunction(string name, SegmentFunction function) { _functions[name] = function; return this; }

    /// <summary>Registers a key function under <paramref name="name"/> (a task's <c>groupByFn</c>); returns this registry.</summary>
    public JobRegistry AddKeyFunction(string name, KeyFunction function) { _keyFunctions[name] = function; return this; }

    /// <summary>Registers a predicate under <paramref name="name"/> (flow conditions, punctuation triggers); returns this registry.</summary>
    public JobRegistry AddPredicate(string name, SegmentPredicate predicate) { _predicates[name] = predicate; return this; }

    /// <summary>Registers an aggregation under <paramref name="name"/> (a window's registered aggregation); returns this registry.</summary>
    public JobRegistry AddAggregation(string name, IUserAggregation aggregation) { _aggregations[name] = aggregation; return this; }

    /// <summary>Registers a firing callback under <paramref name="name"/> (a trigger's <c>sync.callback</c>); returns this registry.</summary>
    public JobRegistry AddCallback(string name, FiringCallback callback) { _callbacks[name] = callback; return this; }

    /// <summary>The functions by name, <c>identity</c> included.</summary>
    public IReadOnlyDictionary<string, SegmentFunction> Functions => _functions;

    /// <summary>The key functions by name.</summary>
    public IReadOnlyDictionary<string, KeyFunction> KeyFunctions => _keyFunctions;

    /// <summary>The predicates by name.</summary>
    public IReadOnlyDictionary<string, SegmentPredicate> Predicates => _predicates;

    /// <summary>The aggregations by name.</summary>
    public IReadOnlyDictionary<string, IUserAggregation> Aggregations => _aggregations;

    /// <summary>The firing callbacks by name.</summary>
    public IReadOnlyDictionary<string, FiringCallback> Callbacks => _callbacks;
}
