namespace Waitinator.FaultCampaign.Lab;

/// <summary>What the Api's fault proxy does to the workers' calls to /waitinate.</summary>
public enum ApiFault
{
    /// <summary>Every call goes through.</summary>
    None,

    /// <summary>Half the calls are answered with HTTP 500 at once.</summary>
    Fail,

    /// <summary>Every call waits seconds longer than the workers' Api timeout allows, or nearly.</summary>
    Slow,

    /// <summary>Every call is refused: nothing listens on the Api's port.</summary>
    Refuse,
}
