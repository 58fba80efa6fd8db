using ServerlessStreams.Registry;

namespace ServerlessStreams.Spec;

/// <summary>
/// Builds in C# the same model the loader reads from JSON (equal by record equality), e.g.
/// <code>
/// JobBuilder.Create("election")
///     .KafkaInput("votes", topic: "votes", batchSize: 500)
///     .Function("process-vote", groupByKey: ["candidate"], uniquenessKey: "voterId")
///     .KafkaOutput("results", topic: "vote-results")
///     .Flow("votes", "process-vote", "results")
///     .FixedWindow("votes-per-hour", "process-vote", AggregationSpec.Count, windowKey: "eventTime", range: TimeSpan.FromHours(1))
///     .SegmentTrigger("every-10", "votes-per-hour", threshold: 10, sync: SyncSpec.ToTable("VotesPerHour"))
///     .BuildValidated(registry);
/// </code>
/// <see cref="Build"/> does not validate; <see cref="Validate"/> and <see cref="BuildValidated"/> check exactly as the loader does.
/// </summary>
public sealed partial class JobBuilder
{
    private readonly string _name;
    private readonly List<WorkflowEdge> _workflow = [];
    private readonly List<TaskSpec> _catalog = [];
    private readonly List<WindowSpec> _windows = [];
    private readonly List<TriggerSpec> _triggers = [];
    private readonly List<FlowCondition> _flowConditions = [];
    private TimeSettings _time = TimeSettings.Default;
    private Destination? _deadLetter;
    private Destination? _lateData;
    private TimeSpan _dedupeRetention = JobSpec.DefaultDedupeRetention;

    private JobBuilder(string name) => _name = name;

    /// <summary>A builder for the job <paramref name="name"/>.</summary>
    public static JobBuilder Create(string name) => new(name);

    /// <summary>Adds the workflow edge <paramref name="from"/> → <paramref name="to"/>.</summary>
    public JobBuilder Edge(string from, string to)
    {
        _workflow.Add(new WorkflowEdge(from, to));
        return this;
    }

    /// <summary>Adds the edges along a path: <c>Flow("a", "b", "c")</c> adds a → b and b → c.</summary>
    public JobBuilder Flow(params string[] tasks)
    {
        for (var i = 1; i < tasks.Length; i++) Edge(tasks[i - 1], tasks[i]);
        return this;
    }

    /// <summary>Routes <paramref name="from"/>'s output segments to <paramref name="to"/> only when <paramref name="pred"/> holds.</summary>
    public JobBuilder FlowCondition(string from, IReadOnlyList<string> to, PredicateSpec pred)
    {
        _flowConditions.Add(new Spec.FlowCondition(from, new EquatableArray<string>(to), pred));
        return this;
    }

    /// <summary>Sets the event-time settings given; the others keep their values.</summary>
    public JobBuilder Time(TimeSpan? maxOutOfOrderness = null, TimeSpan? allowedLateness = null, TimeSpan? idleTimeout = null)
    {
        _time = new TimeSettings
        {
            MaxOutOfOrderness = maxOutOfOrderness ?? _time.MaxOutOfOrderness,
            AllowedLateness = allowedLateness ?? _time.AllowedLateness,
            IdleTimeout = idleTimeout ?? _time.IdleTimeout,
        };
        return this;
    }

    /// <summary>Where records that cannot be processed go.</summary>
    public JobBuilder DeadLetter(Destination destination)
    {
        _deadLetter = destination;
        return this;
    }

    /// <summary>Where late segments go.</summary>
    public JobBuilder LateData(Destination destination)
    {
        _lateData = destination;
        return this;
    }

    /// <summary>How long de-duplication rows and internal topics keep what they need.</summary>
    public JobBuilder DedupeRetention(TimeSpan retention)
    {
        _dedupeRetention = retention;
        return this;
    }

    /// <summary>The model as built so far, not validated.</summary>
    public JobSpec Build() => new()
    {
        Name = _name,
        Workflow = _workflow.ToArray(),
        Catalog = _catalog.ToArray(),
        Windows = _windows.ToArray(),
        Triggers = _triggers.ToArray(),
        FlowConditions = _flowConditions.ToArray(),
        Time = _time,
        DeadLetter = _deadLetter,
        LateData = _lateData,
        DedupeRetention = _dedupeRetention,
    };

    /// <summary>Every problem with the model, as the loader would report them for the same job written as JSON.</summary>
    public IReadOnlyList<SpecError> Validate(JobRegistry registry) => JobSpecValidator.Validate(Build(), registry);

    /// <summary>The model, or a <see cref="JobSpecException"/> listing every problem.</summary>
    public JobSpec BuildValidated(JobRegistry registry)
    {
        var job = Build();
        JobSpecValidator.ThrowIfInvalid(job, registry);
        return job;
    }
}
