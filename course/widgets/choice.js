// The front end of ChoiceGroup (course/widgets/choice.py): one question as a native fieldset.
//
// Native radios sharing one `name` give a single Tab stop and arrow keys between options;
// checkboxes each take a Tab stop, as users of forms expect. Nothing is checked until the
// learner chooses. Feedback goes to a polite live region, so screen readers read it out.

let views = 0;

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
    list.replaceChildren(
      ...(model.get("options") || []).map((o, i) => optionRow(group, o, i, type)),
    );
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
