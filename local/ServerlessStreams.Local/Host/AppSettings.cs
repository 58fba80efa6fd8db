namespace ServerlessStreams.Local.Host;

/// <summary>Resolves binding values that reference app settings (<c>%Name%</c>), as the Functions host does.</summary>
internal sealed class AppSettings(IReadOnlyDictionary<string, string> values)
{
    public static AppSettings Empty { get; } = new(new Dictionary<string, string>());

    public string? this[string name] => values.TryGetValue(name, out var value) ? value : null;

    /// <summary>The value with every <c>%Name%</c> replaced.</summary>
    /// <param name="place">Where the value comes from, for the error (e.g. <c>function 'stage-votes' kafkaTrigger topic</c>).</param>
    /// <exception cref="InvalidOperationException">A referenced setting is not set.</exception>
    public string Resolve(string value, string place)
    {
        var start = value.IndexOf('%');
        if (start < 0) return value;
        var end = value.IndexOf('%', start + 1);
        if (end < 0)
        {
            throw new InvalidOperationException($"{place}: '{value}' has an unclosed %app setting% reference");
        }
        var name = value[(start + 1)..end];
        if (!values.TryGetValue(name, out var setting))
        {
            throw new InvalidOperationException($"{place}: app setting '{name}' is not set");
        }
        return value[..start] + setting + Resolve(value[(end + 1)..], place);
    }
}
