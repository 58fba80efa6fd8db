using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using ServerlessStreams.Functions.Hosting;

namespace ServerlessStreams.Functions.Worker;

/// <summary>
/// Reads one record's JSON through System.Text.Json, for what <see cref="KafkaEventObjectReader"/> leaves: properties in
/// any case, timestamps with an offset, an absent Key or Headers. Says what is wrong when it is not a record.
/// </summary>
internal static class KafkaEventJson
{
    public static KafkaEventRecord Read(string text, string bindingName, int index)
    {
        KafkaEventDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize(text, KafkaEventJsonContext.Default.KafkaEventDto);
        }
        catch (JsonException e)
        {
            throw new MalformedKafkaEventException(bindingName, index, $"is not a Kafka record's JSON ({e.Message})", inner: e);
        }
        if (dto is null) throw new MalformedKafkaEventException(bindingName, index, "is null, not a Kafka record's JSON");

        var topic = dto.Topic ?? throw Missing(nameof(dto.Topic));
        var partition = dto.Partition ?? throw Missing(nameof(dto.Partition));
        var offset = dto.Offset ?? throw Missing(nameof(dto.Offset));
        var timestamp = Timestamp(dto.Timestamp) ?? throw new MalformedKafkaEventException(bindingName, index,
            dto.Timestamp is null ? "missing" : $"is not an ISO-8601 time or epoch milliseconds ({dto.Timestamp.Value.GetRawText()})",
            nameof(dto.Timestamp));
        var headers = (dto.Headers ?? []).Select((h, i) => new KafkaHeader(
            h.Key ?? throw new MalformedKafkaEventException(bindingName, index, "missing", $"Headers[{i}].Key"), h.Value ?? [])).ToList();
        return new KafkaEventRecord(topic, partition, offset, timestamp, dto.Key, dto.Value ?? string.Empty, headers);

        MalformedKafkaEventException Missing(string member) => new(bindingName, index, "missing", member);
    }

    private static long? Timestamp(JsonElement? element)
    {
        if (element is not { } value) return null;
        if (value.ValueKind == JsonValueKind.Number) return value.TryGetInt64(out var epoch) ? epoch : null;
        if (value.ValueKind != JsonValueKind.String) return null;
        return DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.ToUnixTimeMilliseconds()
            : null;
    }
}

internal sealed record KafkaEventDto(
    long? Offset, int? Partition, string? Topic, JsonElement? Timestamp, string? Key, string? Value, List<KafkaHeaderDto>? Headers);

internal sealed record KafkaHeaderDto(string? Key, byte[]? Value);

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(KafkaEventDto))]
internal sealed partial class KafkaEventJsonContext : JsonSerializerContext;
