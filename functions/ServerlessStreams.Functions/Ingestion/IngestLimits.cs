using System.Globalization;
using ServerlessStreams.Functions.Hosting;
using ServerlessStreams.Spec;

namespace ServerlessStreams.Functions.Ingestion;

/// <summary>
/// The ingestion size limits a deployment sets in its app settings (<see cref="AppSettingNames.IngestMaxBodyBytes"/>,
/// <see cref="AppSettingNames.IngestMaxRecordBytes"/>). A limit set here wins over the spec's <c>ingest</c> value for
/// every ingestible input: the spec describes the job and goes with it from one deployment to the next, while the
/// limits protect one deployment's instances (a body is held in memory while its records are checked, and how much
/// memory an instance has is the plan's), and an app setting changes without a new package.
/// </summary>
internal sealed record IngestLimits
{
    public static readonly IngestLimits None = new();

    /// <summary>Overrides <see cref="IngestSettings.MaxBodyBytes"/>; null keeps the spec's.</summary>
    public int? MaxBodyBytes { get; init; }

    /// <summary>Overrides <see cref="IngestSettings.MaxRecordBytes"/>; null keeps the spec's.</summary>
    public int? MaxRecordBytes { get; init; }

    /// <summary>The spec's settings with these limits in place of its own where set.</summary>
    public IngestSettings Apply(IngestSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings with
        {
            MaxBodyBytes = MaxBodyBytes ?? settings.MaxBodyBytes,
            MaxRecordBytes = MaxRecordBytes ?? settings.MaxRecordBytes,
        };
    }

    /// <summary>Reads the two app settings (absent or empty: not set); an error names the setting and what it holds.</summary>
    public static IngestLimits FromAppSettings(Func<string, string?> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        return new IngestLimits
        {
            MaxBodyBytes = Bytes(read, AppSettingNames.IngestMaxBodyBytes),
            MaxRecordBytes = Bytes(read, AppSettingNames.IngestMaxRecordBytes),
        };
    }

    private static int? Bytes(Func<string, string?> read, string setting)
    {
        var text = read(setting);
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && bytes >= 1) return bytes;
        throw new InvalidOperationException(
            $"App setting '{setting}' is '{text}': give a number of bytes from 1 to {int.MaxValue}, or leave it unset to keep the job spec's value.");
    }
}
