namespace ServerlessStreams.Local.Kafka;

/// <summary>Kafka's rules for topic names, checked before a name reaches a broker.</summary>
internal static class KafkaTopicName
{
    public const int MaxLength = 249;

    /// <summary>The reason <paramref name="name"/> is not a legal topic name, or null when it is.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "a topic name must not be empty";
        }

        if (name.Length > MaxLength)
        {
            return $"topic name '{name[..20]}…' is {name.Length} characters long; Kafka allows at most {MaxLength}";
        }

        if (name is "." or "..")
        {
            return $"'{name}' is not a legal topic name";
        }

        var bad = name.FirstOrDefault(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'));
        return bad == default
            ? null
            : $"topic name '{name}' contains '{bad}'; Kafka allows only ASCII letters, digits, '.', '_' and '-'";
    }

    public static void Check(string? name, string parameterName)
    {
        if (Problem(name) is { } problem)
        {
            throw new ArgumentException(problem, parameterName);
        }
    }
}
