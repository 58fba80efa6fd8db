using System.Globalization;

namespace ServerlessStreams.Local.Kafka;

/// <summary>A topic to create up front, written <c>name:partitions</c> on command lines (<c>votes:4</c>); the count defaults to 1.</summary>
internal readonly record struct TopicDeclaration
{
    public TopicDeclaration(string name, int partitions)
    {
        KafkaTopicName.Check(name, nameof(name));
        if (partitions < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(partitions), partitions, $"topic '{name}' needs at least one partition");
        }

        Name = name;
        Partitions = partitions;
    }

    public string Name { get; }

    public int Partitions { get; }

    /// <summary>Parses <c>name[:partitions]</c>; <paramref name="problem"/> says what is wrong otherwise.</summary>
    public static bool TryParse(string text, out TopicDeclaration declaration, out string? problem)
    {
        declaration = default;
        var separator = text.LastIndexOf(':');
        var name = separator < 0 ? text : text[..separator];
        var partitions = 1;
        if (separator >= 0 &&
            (!int.TryParse(text[(separator + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out partitions) || partitions < 1))
        {
            problem = $"'{text}': the partition count after ':' must be a whole number of at least 1 (e.g. {name}:4)";
            return false;
        }

        if (KafkaTopicName.Problem(name) is { } nameProblem)
        {
            problem = $"'{text}': {nameProblem}";
            return false;
        }

        declaration = new TopicDeclaration(name, partitions);
        problem = null;
        return true;
    }

    public static TopicDeclaration Parse(string text) =>
        TryParse(text, out var declaration, out var problem) ? declaration : throw new FormatException(problem);

    public override string ToString() => $"{Name}:{Partitions.ToString(CultureInfo.InvariantCulture)}";
}
