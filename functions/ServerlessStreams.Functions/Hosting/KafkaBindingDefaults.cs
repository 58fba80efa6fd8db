namespace ServerlessStreams.Functions.Hosting;

/// <summary>The kafkaTrigger binding as generated function.json files declare it.</summary>
public static class KafkaBindingDefaults
{
    /// <summary>The binding name, so the batch arrives as <c>Data.events</c>.</summary>
    public const string Name = "events";
}
