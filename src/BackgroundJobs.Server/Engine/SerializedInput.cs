using System.Text.Json;
using System.Text.Json.Serialization;

namespace BackgroundJobs.Server.Engine;

/// <summary>An input that is already JSON: written through as it is, so a restart does not re-encode it as a string.</summary>
[JsonConverter(typeof(SerializedInputConverter))]
internal sealed record SerializedInput(string Json);

internal sealed class SerializedInputConverter : JsonConverter<SerializedInput>
{
    public override SerializedInput Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(JsonDocument.ParseValue(ref reader).RootElement.GetRawText());

    public override void Write(Utf8JsonWriter writer, SerializedInput value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Json);
}
