// The front end of the course app's Router (course/widgets/app.py).
//
// A link to another module (its notebook, "risks.ipynb", or the app's own "?module=risks") is
// not followed: the kernel is asked to show that module instead. Once the module is on the
// page, the address and the tab's title follow it (so a reload and the Back button work), and
// the focus moves to its heading, so keyboard and screen-reader users start at its top.
// The kernel is told when a module is on screen ({shown: id}): only then does it build the
// modules either side, so that they never compete with the page's own loading.
// A click with a modifier key (new tab, new window) is left to the browser. Only the app's own
// links are taken, and the address is kept only in Voila's page (JupyterLab has its own).

const WAIT_MS = 30000;

function moduleOfLink(a, known) {
  let url;
  try {
    url = new URL(a.getAttribute("href"), window.location.href);
  } catch {
    return null;
  }
  if (url.origin !== window.location.origin) return null;
  const here = window.location.pathname;
  const folder = here.slice(0, here.lastIndexOf("/") + 1);
  let id = null;
  if (url.pathname === here) id = url.searchParams.get("module");
  else if (url.pathname.startsWith(folder)) {
    const name = url.pathname.slice(folder.length);
    if (name.endsWith(".ipynb") && !name.includes("/")) id = name.slice(0, -6);
  }
  return id && known.has(id) ? id : null;
}

function shown(id) {
  return document.querySelector(`.course-app-shown[data-course-module="${CSS.escape(id)}"]`);
}

function whenShown(id) {
  return new Promise((resolve) => {
    if (shown(id)) return resolve(shown(id));
    const observer = new MutationObserver(() => {
      if (shown(id)) {
        observer.disconnect();
        clearTimeout(timer);
        resolve(shown(id));
      }
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      resolve(null);
    }, WAIT_MS);
    observer.observe(document.body, { childList: true, subtree: true });
  });
}

function render({ model, el }) {
  const modules = model.get("modules") || [];
  const known = new Map(modules.map((m, i) => [m.id, { ...m, number: i + 1 }]));
  const status = document.createElement("p");
  status.className = "course-app-status";
  status.setAttribute("role", "status");
  el.append(status);
  let waiting = null;
  const inVoila = document.body.hasAttribute("data-voila");
  const ownLink = (a) => {
    const app = el.closest(".course-app");
    return app ? app.contains(a) : false;
  };

  function titled(id) {
    const m = known.get(id);
    if (m) document.title = `${m.title} · ${model.get("course_title")}`;
  }

  async function go(id, push) {
    if (waiting === id) return;
    waiting = id;
    const m = known.get(id);
    status.textContent = `Opening Module ${m.number}: ${m.title}…`;
    model.send({ go: id });
    const found = await whenShown(id);
    if (waiting !== id) return; // another module was asked for meanwhile
    waiting = null;
    if (!found) {
      status.textContent = "This module did not open. Please reload the page.";
      return;
    }
    status.textContent = "";
    model.send({ shown: id });
    if (push && inVoila) {
      history.pushState({ courseModule: id }, "", `?module=${encodeURIComponent(id)}`);
    }
    if (inVoila) titled(id);
    const heading = found.querySelector("h1") || found;
    heading.setAttribute("tabindex", "-1");
    window.scrollTo(0, 0);
    heading.focus({ preventScroll: true });
  }

  function onClick(event) {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const a = event.target.closest && event.target.closest("a[href]");
    if (!a || a.target || !ownLink(a)) return;
    const id = moduleOfLink(a, known);
    if (!id) return;
    event.preventDefault();
    go(id, true);
  }

  function onPop(event) {
    const id = event.state?.courseModule || new URLSearchParams(location.search).get("module");
    if (id && known.has(id)) go(id, false);
  }

  const current = model.get("current");
  if (inVoila) {
    history.replaceState({ courseModule: current }, "", `?module=${encodeURIComponent(current)}`);
    titled(current);
  }
  document.addEventListener("click", onClick);
  if (inVoila) window.addEventListener("popstate", onPop);
  whenShown(current).then((found) => found && model.send({ shown: current }));
  return () => {
    document.removeEventListener("click", onClick);
    window.removeEventListener("popstate", onPop);
  };
}

export default { render };
