namespace ServerlessStreams.Spec.Information;

/// <summary>What a key's value may be; <see cref="SpecValueTypes.Describe"/> gives the JSON type as docs show it.</summary>
internal enum SpecValueType
{
    String,
    /// <summary>A name: a letter, then letters, digits, <c>-</c> or <c>_</c>, at most 63 characters.</summary>
    Name,
    TopicName,
    TableName,
    Integer,
    Number,
    Boolean,
    Duration,
    /// <summary>A duration for a time window key, a plain number for a numeric one.</summary>
    DurationOrNumber,
    /// <summary>A field name or a non-empty array of field names.</summary>
    FieldNames,
    /// <summary>A non-empty array of strings.</summary>
    StringArray,
    /// <summary><c>"count"</c>, <c>"collect"</c>, <c>[kind, field]</c> or a registered aggregation's name.</summary>
    Aggregation,
    /// <summary>A registered predicate's name, or the object <c>pred</c>.</summary>
    Predicate,
    /// <summary>A registered callback's name, or the object <c>sync</c>.</summary>
    Sync,
    /// <summary>An array of <c>[from, to]</c> pairs of task names.</summary>
    Workflow,
    /// <summary>One object of the kind named by <see cref="SpecField.ObjectName"/>.</summary>
    Object,
    /// <summary>An array of objects of the kind named by <see cref="SpecField.ObjectName"/>.</summary>
    ObjectArray,
    /// <summary>Any JSON value, null included.</summary>
    Any,
}
