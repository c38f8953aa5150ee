// The front end of ChoiceGroup (course/widgets/choice.py): one question as a native fieldset.
//
// Native radios sharing one `name` give a single Tab stop and arrow keys between options;
// checkboxes each take a Tab stop, as users of forms expect. Nothing is checked until the
// learner chooses. Feedback goes to a polite live region, so screen readers read it out.

let views = 0;

// anywidget (0.9 to 0.11) gives a model's front end two seconds to load. When loading takes
// longer (a slow or busy computer), it rejects the model's `ready` promise with this message
// and from then on drops every message the kernel sends to that model: the question would look
// alive but never show feedback, move a scenario on or lock. So, once a view of the model has
// rendered, such a message is handed to ipywidgets' own handler instead, which applies the new
// state (all our views need; they have no `initialize` hook for anywidget to wait for).
const LOAD_TIMED_OUT = "[anywidget] Failed to initialize model.";

async function keepListening(proxy) {
  const ref = proxy.get("_ref");
  const model = ref && proxy.widget_manager ? await proxy.widget_manager.get_model(ref) : null;
  if (!model?.comm || model.courseKeepsListening) return;
  let owner = Object.getPrototypeOf(model); // the class that guards the handler (anywidget's)
  while (owner && !Object.prototype.hasOwnProperty.call(owner, "_handle_comm_msg")) {
    owner = Object.getPrototypeOf(owner);
  }
  const unguarded = owner && Object.getPrototypeOf(owner)?._handle_comm_msg;
  if (!unguarded) return;
  model.courseKeepsListening = true;
  model.comm.on_msg(async (msg) => {
    try {
      return await model._handle_comm_msg(msg);
    } catch (err) {
      if (err?.message !== LOAD_TIMED_OUT) throw err;
      return unguarded.call(model, msg);
    }
  });
}

function optionRow(group, option, index, type) {
  const row = document.createElement("div");
  row.className = "course-choice-option";
  const input = document.createElement("input");
  input.type = type;
  input.name = group;
  input.id = `${group}-${index}`;
  input.value = option.id;
  const label = document.createElement("label");
  label.htmlFor = input.id;
  label.textContent = option.label; // plain text: never parsed as HTML
  row.append(input, label);
  return row;
}

function render({ model, el }) {
  // A name of this view's own: the same model can be shown twice (JupyterLab), and two groups
  // sharing a name would become one group.
  views += 1;
  keepListening(model).catch((err) => console.warn("[course] choice group:", err));
  const group = `course-choice-${views}-${Math.random().toString(36).slice(2, 8)}`;
  const fieldset = document.createElement("fieldset");
  fieldset.className = "course-choice";
  const legend = document.createElement("legend");
  const list = document.createElement("div");
  list.className = "course-choice-options";
  fieldset.append(legend, list);
  const status = document.createElement("div");
  status.className = "course-choice-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  el.append(fieldset, status);

  const inputs = () => Array.from(list.querySelectorAll("input"));

  function showValue() {
    const chosen = new Set(model.get("value") || []);
    for (const input of inputs()) input.checked = chosen.has(input.value);
  }

  function showOptions() {
    const type = model.get("multiple") ? "checkbox" : "radio";
    const options = model.get("options") || [];
    list.replaceChildren(...options.map((o, i) => optionRow(group, o, i, type)));
    fieldset.hidden = options.length === 0; // nothing to choose: only the live region stays
    showValue();
  }

  let pending;
  function showFeedback() {
    // Emptied first and refilled a moment later, so the same words checked twice are read
    // out again (a live region announces changes, not contents).
    clearTimeout(pending);
    status.replaceChildren();
    const html = model.get("feedback") || "";
    if (html) pending = setTimeout(() => { status.innerHTML = html; }, 60);
  }

  function showFeedbackClass() {
    status.className = `course-choice-status ${model.get("feedback_class") || ""}`.trim();
  }

  list.addEventListener("change", () => {
    model.set("value", inputs().filter((i) => i.checked).map((i) => i.value));
    model.save_changes();
  });

  legend.innerHTML = model.get("legend"); // built in Python from our own sanitised Markdown
  fieldset.disabled = model.get("disabled");
  showOptions();
  showFeedbackClass();
  if (model.get("feedback")) status.innerHTML = model.get("feedback");

  const handlers = {
    "change:legend": () => { legend.innerHTML = model.get("legend"); },
    "change:options": showOptions,
    "change:multiple": showOptions,
    "change:value": showValue,
    "change:feedback": showFeedback,
    "change:feedback_class": showFeedbackClass,
    "change:disabled": () => { fieldset.disabled = model.get("disabled"); },
  };
  for (const [event, handler] of Object.entries(handlers)) model.on(event, handler);
  return () => {
    for (const [event, handler] of Object.entries(handlers)) model.off(event, handler);
  };
}

export default { render };
