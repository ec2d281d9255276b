using System.Collections;
using System.Globalization;
using System.Text;

namespace Waitinator.TaskQueue.Protocol;

/// <summary>
/// Reads the values of an AMQP header table as Celery's protocol v2 types them. A value out of range or of the wrong
/// type is a <see cref="MalformedMessageException"/> naming the header, never an overflow or a cast that a worker
/// would take for a failure worth retrying.
/// </summary>
internal sealed class HeaderValues(IDictionary<string, object?> headers, string? taskId)
{
    public string? TaskId { get; } = taskId;

    /// <summary>Text (AMQP's long string) or absent; anything else is refused.</summary>
    public string? Text(string key) => headers.TryGetValue(key, out var value) ? value switch
    {
        null => null,
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        string text => text,
        _ => throw Malformed(key, $"must be text; it is {Describe(value)}"),
    } : null;

    /// <summary>Text that only feeds figures (the publisher's send time): a bad value loses the figure, not the task.</summary>
    public string? TextOrNull(string key) => headers.TryGetValue(key, out var value) ? value switch
    {
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        string text => text,
        _ => null,
    } : null;

    /// <summary>A whole number from 0 to <see cref="int.MaxValue"/>, or absent.</summary>
    public int? Count(string key)
    {
        if (!headers.TryGetValue(key, out var value) || value is null)
        {
            return null;
        }

        long? number = value switch
        {
            int n => n,
            long n => n,
            short n => n,
            byte n => n,
            sbyte n => n,
            ushort n => n,
            uint n => n,
            byte[] bytes when long.TryParse(Encoding.UTF8.GetString(bytes), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
            _ => null,
        };
        return number is >= 0 and <= int.MaxValue
            ? (int)number.Value
            : throw Malformed(key, $"must be a whole number from 0 to {int.MaxValue}; it is {Describe(value)}");
    }

    /// <summary>An ISO 8601 time, or absent.</summary>
    public string? Time(string key)
    {
        var text = headers.TryGetValue(key, out var value) && value is not (string or byte[] or null)
            ? throw Malformed(key, $"must be an ISO 8601 time; it is {Describe(value)}")
            : Text(key);
        return text is null || CeleryTime.TryParse(text, out _)
            ? text
            : throw Malformed(key, $"must be an ISO 8601 time; it is '{Shorten(text)}'");
    }

    /// <summary>Celery's [hard, soft] time limits: a list of two numbers of seconds (or nulls), or absent.</summary>
    public double?[] TimeLimits(string key)
    {
        if (!headers.TryGetValue(key, out var value) || value is null)
        {
            return [null, null];
        }

        if (value is not IList { Count: 2 } limits)
        {
            throw Malformed(key, $"must be a list of two numbers of seconds or nulls; it is {Describe(value)}");
        }

        return [Seconds(key, limits[0]), Seconds(key, limits[1])];
    }

    public bool Flag(string key) => headers.TryGetValue(key, out var value) && value is true;

    public MalformedMessageException Malformed(string key, string problem) =>
        new($"Header '{key}' {problem}.") { TaskId = TaskId };

    private double? Seconds(string key, object? value) => value switch
    {
        null => null,
        int or long or short or byte or float or double or decimal when Convert.ToDouble(value, CultureInfo.InvariantCulture) is var seconds
            && double.IsFinite(seconds) && seconds >= 0 => seconds,
        _ => throw Malformed(key, $"must hold non-negative numbers of seconds or nulls; it holds {Describe(value)}"),
    };

    /// <summary>A value as a log line shows it: its type, and its text when short.</summary>
    internal static string Describe(object? value) => value switch
    {
        null => "null",
        byte[] bytes => $"'{Shorten(Encoding.UTF8.GetString(bytes))}'",
        string text => $"'{Shorten(text)}'",
        IFormattable number => $"{number.ToString(null, CultureInfo.InvariantCulture)} ({value.GetType().Name})",
        _ => $"a {value.GetType().Name}",
    };

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "...";
}
