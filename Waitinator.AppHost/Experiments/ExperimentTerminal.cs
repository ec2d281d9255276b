using Spectre.Console;

namespace Waitinator.AppHost.Experiments;

/// <summary>
/// The experiment in an interactive terminal: one live progress bar over every task of every run, with the run,
/// configuration, repetition and time left. A terminal that is not interactive (CI, a pipe) gets the runner's plain log
/// lines instead, and this view stays silent.
/// </summary>
internal sealed class ExperimentTerminal
{
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _view;
    private string _description = "Waiting for the servers";
    private double _tasksDone;

    public static bool IsInteractive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities is { Interactive: true, Ansi: true };

    public void Start(double totalTasks)
    {
        if (!IsInteractive)
        {
            return;
        }

        _view = AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var bar = context.AddTask(Markup.Escape(_description), maxValue: totalTasks);
                while (!_finished.Task.IsCompleted)
                {
                    bar.Description = Markup.Escape(Volatile.Read(ref _description));
                    bar.Value = Volatile.Read(ref _tasksDone);
                    await Task.WhenAny(_finished.Task, Task.Delay(TimeSpan.FromMilliseconds(250)));
                }

                bar.Description = Markup.Escape(_description);
                bar.Value = _tasksDone;
            });
    }

    public void Show(string description, double tasksDone)
    {
        Volatile.Write(ref _description, description);
        Volatile.Write(ref _tasksDone, tasksDone);
    }

    public async Task StopAsync(string description)
    {
        Volatile.Write(ref _description, description);
        _finished.TrySetResult();
        if (_view is not null)
        {
            await _view;
        }
    }
}
