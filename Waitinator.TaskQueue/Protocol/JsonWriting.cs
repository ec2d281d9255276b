using System.Text.Json;
using System.Text.Json.Nodes;

namespace Waitinator.TaskQueue.Protocol;

/// <summary>Writing Celery's JSON straight to bytes, where an absent node is Python's None.</summary>
internal static class JsonWriting
{
    public static void WriteNode(this Utf8JsonWriter json, string name, JsonNode? value)
    {
        json.WritePropertyName(name);
        if (value is null)
        {
            json.WriteNullValue();
        }
        else
        {
            value.WriteTo(json);
        }
    }
}
