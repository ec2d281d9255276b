namespace Waitinator.Reporter.Analysis;

/// <summary>One repetition analysed: its clock, task figures, figures and clean process timelines.</summary>
public sealed record RepetitionResult(
    string Configuration,
    string Repetition,
    RepetitionClock? Clock,
    TaskFigures? Tasks,
    RepetitionFigures Figures,
    IReadOnlyList<ProcessTimeline> Processes)
{
    /// <summary>Reported: its worker database gave the task figures.</summary>
    public bool IsReported => Tasks is not null;
}
