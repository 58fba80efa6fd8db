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
    public const string IdentityFunction = "identity";

    private readonly Dictionary<string, SegmentFunction> _functions = new(StringComparer.Ordinal)
    {
        [IdentityFunction] = segment => [segment],
    };
    private readonly Dictionary<string, KeyFunction> _keyFunctions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SegmentPredicate> _predicates = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IUserAggregation> _aggregations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FiringCallback> _callbacks = new(StringComparer.Ordinal);

    public static JobRegistry Default => new();

    public JobRegistry AddFunction(string name, SegmentFunction function) { _functions[name] = function; return this; }

    public JobRegistry AddKeyFunction(string name, KeyFunction function) { _keyFunctions[name] = function; return this; }

    public JobRegistry AddPredicate(string name, SegmentPredicate predicate) { _predicates[name] = predicate; return this; }

    public JobRegistry AddAggregation(string name, IUserAggregation aggregation) { _aggregations[name] = aggregation; return this; }

    public JobRegistry AddCallback(string name, FiringCallback callback) { _callbacks[name] = callback; return this; }

    public IReadOnlyDictionary<string, SegmentFunction> Functions => _functions;

    public IReadOnlyDictionary<string, KeyFunction> KeyFunctions => _keyFunctions;

    public IReadOnlyDictionary<string, SegmentPredicate> Predicates => _predicates;

    public IReadOnlyDictionary<string, IUserAggregation> Aggregations => _aggregations;

    public IReadOnlyDictionary<string, FiringCallback> Callbacks => _callbacks;
}
