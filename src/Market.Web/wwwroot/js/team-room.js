// The team room's live side: presence and new messages pushed by the API's hub through the Web's relay
// (/hubs/team-room, same origin, signed in by the session cookie). The page works without this script.
(() => {
    "use strict";
    const root = document.querySelector("[data-team-room]");
    if (!root || !window.signalR) {
        return;
    }

    const agentId = root.dataset.agentId;
    const teamId = root.dataset.teamId;
    const status = root.querySelector("[data-live-status]");
    const list = root.querySelector("[data-presence-list]");
    const messages = root.querySelector("[data-messages]");
    const newBadge = root.querySelector("[data-new-messages]");
    const label = (name) => root.dataset["label" + name] || "";
    const stateLabels = {
        Working: label("Working"), Online: label("Online"), Away: label("Away"), Offline: label("Offline"), Hidden: label("Hidden"),
    };
    const clock = new Intl.DateTimeFormat(document.documentElement.lang || "ja", { timeZone: "Asia/Tokyo", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    const stamp = new Intl.DateTimeFormat(document.documentElement.lang || "ja", {
        timeZone: "Asia/Tokyo", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
    });
    let latestSequence = Number(root.dataset.latestSequence || "0");
    let newMessages = 0;
    let active = true;

    // Keyboard, pointer and scrolling mean someone is at the page; nothing else is observed.
    for (const event of ["keydown", "pointerdown", "pointermove", "wheel", "touchstart", "focus"]) {
        window.addEventListener(event, () => { active = true; }, { passive: true });
    }

    const setStatus = (text) => { if (status) { status.textContent = text; } };

    const el = (tag, className, text) => {
        const node = document.createElement(tag);
        if (className) { node.className = className; }
        if (text !== undefined && text !== null) { node.textContent = text; }
        return node;
    };

    const render = (board) => {
        if (!list || !board || !Array.isArray(board.members)) {
            return;
        }

        const items = board.members.map((member) => {
            const item = el("li", "presence__member");
            item.dataset.member = member.userId;
            item.dataset.state = member.state;
            item.append(el("span", "presence__name", member.displayName));
            const state = el("span", "presence__state presence__state--" + member.state.toLowerCase(), stateLabels[member.state] || member.state);
            state.dataset.stateLabel = "";
            item.append(state);
            const working = el("span", "presence__detail", member.state === "Working" ? (root.dataset["labelKind" + (member.workingOnKind || "")] || "") : "");
            working.dataset.working = "";
            item.append(working);
            const checkin = el("span", "presence__checkin", "");
            checkin.dataset.checkin = "";
            if (member.startedToday) {
                checkin.textContent = label("Checkedin").replace("{0}", clock.format(new Date(member.startedToday)))
                    + (member.checkedIn ? "" : " · " + label("Checkedout"));
            }
            item.append(checkin);
            if (member.checkInNote) {
                const note = el("span", "presence__note-text", "「" + member.checkInNote + "」");
                note.dataset.note = "";
                item.append(note);
            }
            return item;
        });
        list.replaceChildren(...items);
        const today = root.querySelector("[data-started-today]");
        if (today) {
            const started = board.members.filter((m) => m.startedToday).length;
            today.textContent = label("StartedToday").replace("{0}", String(started)).replace("{1}", String(board.members.length));
        }
    };

    const showMessages = (page) => {
        if (!messages || !page || !Array.isArray(page.items)) {
            return;
        }

        const fresh = page.items.filter((m) => m.sequence > latestSequence).reverse();
        for (const m of fresh) {
            const item = el("li", "message message--unread" + (m.kind === "Announcement" ? " message--announcement" : ""));
            item.dataset.sequence = String(m.sequence);
            if (m.kind === "Announcement") {
                item.append(el("span", "message__kind", label("Announcement")));
            }
            item.append(el("span", "message__author", m.authorName));
            const time = el("time", "", stamp.format(new Date(m.postedAt)));
            time.setAttribute("datetime", m.postedAt);
            item.append(time);
            item.append(el("p", "message__body", m.body));
            messages.prepend(item);
            latestSequence = Math.max(latestSequence, m.sequence);
            newMessages += 1;
        }

        const empty = root.querySelector("[data-no-messages]");
        if (empty && fresh.length > 0) { empty.remove(); }
        if (newBadge && newMessages > 0) {
            newBadge.textContent = label("NewMessages").replace("{0}", String(newMessages));
            newBadge.hidden = false;
        }
    };

    // SignalR's own errors (a dropped line, a restart) are expected here: they go to the console as warnings.
    const logger = { log: (level, message) => { if (level >= signalR.LogLevel.Warning) { console.warn(message); } } };
    const connection = new signalR.HubConnectionBuilder()
        .withUrl("/hubs/team-room", { skipNegotiation: true, transport: signalR.HttpTransportType.WebSockets })
        .withAutomaticReconnect([0, 2000, 5000, 10000, 30000])
        .configureLogging(logger)
        .build();

    connection.on("presence", (board) => { if (board && board.teamId === teamId) { render(board); } });
    connection.on("channel", async (notice) => {
        if (notice && notice.teamId === teamId) {
            showMessages(await connection.invoke("Messages", agentId, teamId, latestSequence));
        }
    });

    const join = async () => {
        render(await connection.invoke("Join", agentId, teamId));
        showMessages(await connection.invoke("Messages", agentId, teamId, latestSequence));
        setStatus(label("Live"));
    };

    connection.onreconnecting(() => setStatus(label("Reconnecting")));
    connection.onreconnected(() => join().catch((e) => console.warn(e)));
    connection.onclose(() => {
        setStatus(label("OfflineLive"));
        window.setTimeout(start, 15000);
    });

    async function start() {
        try {
            await connection.start();
            await join();
        } catch (e) {
            setStatus(label("OfflineLive"));
            console.warn(e);
            window.setTimeout(start, 15000);
        }
    }

    window.setInterval(() => {
        if (connection.state === signalR.HubConnectionState.Connected) {
            const wasActive = active && document.visibilityState === "visible";
            active = false;
            connection.invoke("Heartbeat", wasActive).catch((e) => console.warn(e));
        }
    }, 30000);

    start();
})();
