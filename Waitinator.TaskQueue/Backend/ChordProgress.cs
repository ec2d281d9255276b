namespace Waitinator.TaskQueue.Backend;

/// <summary>
/// What recording one header result told: to the one header task that fires the chord, once all of its parts are in, the
/// parts in header order; to every other caller, nothing. <see cref="FiredBefore"/> says that this same header task had
/// fired the chord already and is a copy of it (redelivered before the chord was forgotten): its callback may be out
/// already, so it goes out again marked as a copy.
/// </summary>
public sealed record ChordProgress(IReadOnlyList<ChordPart>? PartsToFire, bool FiredBefore = false)
{
    public bool MustFireCallback => PartsToFire is not null;
}
