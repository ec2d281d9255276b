using System.Buffers;
using System.Text.Json;
using Google.Protobuf;

namespace Waitinator.Otlp;

/// <summary>
/// OTLP/JSON, the encoding the OTLP specification defines: protobuf's JSON mapping with enums as integers and trace and
/// span ids as lowercase hex where protobuf's mapping writes bytes as base64. The Aspire dashboard's import and the
/// Collector's otlpjsonfile receiver read exactly this; base64 ids are refused by the first.
/// </summary>
public static class OtlpJson
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatEnumsAsIntegers(true));

    // Unknown fields are skipped: a file from a newer SDK or another tool still reads.
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    private static readonly JsonParser StrictParser = new(JsonParser.Settings.Default);

    /// <summary>The message as one line of OTLP/JSON (no line break inside).</summary>
    public static string Format(IMessage message) =>
        RewriteIds(Formatter.Format(message), base64 => Convert.ToHexStringLower(Convert.FromBase64String(base64)));

    /// <summary>Reads one OTLP/JSON document; throws <see cref="FormatException"/> when it is not one of <typeparamref name="T"/>.</summary>
    /// <param name="strict">Refuse fields the message does not define, to check that a file is OTLP and nothing else.</param>
    public static T Parse<T>(string json, bool strict = false)
        where T : IMessage<T>, new()
    {
        try
        {
            return (strict ? StrictParser : Parser).Parse<T>(RewriteIds(json, hex => Convert.ToBase64String(Convert.FromHexString(hex))));
        }
        catch (Exception exception) when (exception is JsonException or InvalidProtocolBufferException or InvalidJsonException)
        {
            throw new FormatException($"Not an OTLP/JSON {typeof(T).Name}: {exception.Message}", exception);
        }
    }

    /// <summary>Trace and span ids are the only bytes fields OTLP/JSON writes as hex (attribute bytes stay base64).</summary>
    private static bool IsId(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("traceId"u8) || reader.ValueTextEquals("spanId"u8) || reader.ValueTextEquals("parentSpanId"u8);

    /// <summary>Copies the JSON token by token, converting the value of every id field.</summary>
    private static string RewriteIds(string json, Func<string, string> convert)
    {
        var output = new ArrayBufferWriter<byte>(json.Length + 64);
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json));
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            var id = false;
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject: writer.WriteStartObject(); break;
                    case JsonTokenType.EndObject: writer.WriteEndObject(); break;
                    case JsonTokenType.StartArray: writer.WriteStartArray(); break;
                    case JsonTokenType.EndArray: writer.WriteEndArray(); break;
                    case JsonTokenType.PropertyName:
                        id = IsId(ref reader);
                        writer.WritePropertyName(reader.GetString()!);
                        continue;
                    case JsonTokenType.String:
                        var text = reader.GetString()!;
                        writer.WriteStringValue(id && text.Length > 0 ? ConvertId(convert, text) : text);
                        break;
                    case JsonTokenType.Number: writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true); break;
                    case JsonTokenType.True: writer.WriteBooleanValue(true); break;
                    case JsonTokenType.False: writer.WriteBooleanValue(false); break;
                    case JsonTokenType.Null: writer.WriteNullValue(); break;
                }

                id = false;
            }
        }

        return System.Text.Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private static string ConvertId(Func<string, string> convert, string value)
    {
        try
        {
            return convert(value);
        }
        catch (FormatException exception)
        {
            throw new FormatException($"'{value}' is not a trace or span id in the expected encoding.", exception);
        }
    }
}
