namespace Waitinator.Reporter.Output;

/// <summary>A table as the report shows it, in Markdown, HTML and on the terminal alike.</summary>
public sealed record ReportTable(string Title, string? Note, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows);
