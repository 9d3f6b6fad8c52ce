<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>关于 PlanDrill</source>
        <translation>About PlanDrill</translation>
    </message>
    <message>
        <source>PlanDrill 应急预案与演练工作台</source>
        <translation>PlanDrill — Emergency Plans and Drills</translation>
    </message>
    <message>
        <source>版本 {version}</source>
        <translation>Version {version}</translation>
    </message>
    <message>
        <source>许可：专有软件，仅供获得授权的单位使用。本程序使用的开源组件按各自的许可证提供：Qt 与 PySide6（LGPLv3，以动态库形式随程序提供，可以替换）、python-docx、lxml、Jinja2、PyYAML、pydantic。</source>
        <translation>Licence: proprietary software, for licensed organisations only. The open-source components it uses come under their own licences: Qt and PySide6 (LGPLv3, shipped as replaceable shared libraries), python-docx, lxml, Jinja2, PyYAML and pydantic.</translation>
    </message>
    <message>
        <source>导出文档使用的字体</source>
        <translation>Fonts used by the exported documents</translation>
    </message>
    <message>
        <source>导出的 Word 文档按 GB/T 9704 指定以下字体。本机缺少某种字体时，文档仍然指定它，在装有该字体的电脑上显示正确；本机的 Word、WPS 会暂用后备字体显示。</source>
        <translation>Exported Word documents name these fonts, as GB/T 9704 requires. When this computer lacks one, the document still names it and looks right on computers that have it; Word or WPS here shows a fallback font meanwhile.</translation>
    </message>
    <message>
        <source>复制版本信息</source>
        <translation>Copy Version Info</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>字体</source>
        <translation>Font</translation>
    </message>
    <message>
        <source>用途</source>
        <translation>Used for</translation>
    </message>
    <message>
        <source>本机</source>
        <translation>This computer</translation>
    </message>
    <message>
        <source>已安装</source>
        <translation>Installed</translation>
    </message>
    <message>
        <source>未安装，暂用{fallback}</source>
        <translation>Missing; {fallback} is shown instead</translation>
    </message>
    <message>
        <source>未安装</source>
        <translation>Missing</translation>
    </message>
</context>
<context>
    <name>AnalysisForm</name>
    <message>
        <source>保存分析</source>
        <translation>Save analysis</translation>
    </message>
    <message>
        <source>评估组对所选方面的分析和评价：写入演练记录，导出报告时写入评估报告和总结报告</source>
        <translation>The evaluators&apos; analysis of the chosen topic: saved in the drill record, written into the evaluation and summary reports</translation>
    </message>
    <message>
        <source>未保存</source>
        <translation>Not saved</translation>
    </message>
    <message>
        <source>已保存</source>
        <translation>Saved</translation>
    </message>
</context>
<context>
    <name>BoundText</name>
    <message>
        <source>修改“{field}”</source>
        <translation>Change “{field}”</translation>
    </message>
</context>
<context>
    <name>ChoosePage</name>
    <message>
        <source>选择模板</source>
        <translation>Choose a template</translation>
    </message>
    <message>
        <source>从适合本单位的预案模板开始，之后可以自由修改。</source>
        <translation>Start from the template that fits your unit; you can change everything afterwards.</translation>
    </message>
    <message>
        <source>自己的模板（*.plan-template.yaml）放在 {folder}，下次打开时列出。</source>
        <translation>Your own templates (*.plan-template.yaml) go in {folder}; they are listed the next time.</translation>
    </message>
    <message>
        <source>打开文件夹</source>
        <translation>Open Folder</translation>
    </message>
    <message>
        <source>有 {n} 个模板文件无法使用，已略过：</source>
        <translation>{n} template files cannot be used and were skipped:</translation>
    </message>
</context>
<context>
    <name>CloseFindingDialog</name>
    <message>
        <source>关闭问题</source>
        <translation>Close finding</translation>
    </message>
    <message>
        <source>将问题 {id}“{text}”标为已完成（写入演练文件 {file}）。</source>
        <translation>Mark finding {id} “{text}” as closed (written to the drill file {file}).</translation>
    </message>
    <message>
        <source>在预案的修订记录中加入一条</source>
        <translation>Add an entry to the plan&apos;s revision history</translation>
    </message>
    <message>
        <source>版本号升为 {new}（现为 {old}）</source>
        <translation>Raise the version to {new} (now {old})</translation>
    </message>
    <message>
        <source>。要记入修订记录，请先在预案中修改该内容。</source>
        <translation>. To record a revision, change that content in the plan first.</translation>
    </message>
</context>
<context>
    <name>ConsoleWindow</name>
    <message>
        <source>开始演练</source>
        <translation>Start drill</translation>
    </message>
    <message>
        <source>宣布演练开始，时钟开始计时</source>
        <translation>Declare the drill started; the clock starts</translation>
    </message>
    <message>
        <source>暂停</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>暂停或继续演练时钟</source>
        <translation>Pause or resume the drill clock</translation>
    </message>
    <message>
        <source>加快</source>
        <translation>Faster</translation>
    </message>
    <message>
        <source>提高时间压缩倍数</source>
        <translation>Raise the time compression</translation>
    </message>
    <message>
        <source>减慢</source>
        <translation>Slower</translation>
    </message>
    <message>
        <source>降低时间压缩倍数</source>
        <translation>Lower the time compression</translation>
    </message>
    <message>
        <source>设置时间压缩倍数…</source>
        <translation>Set time compression…</translation>
    </message>
    <message>
        <source>情景时间相对实际时间的倍数</source>
        <translation>Scenario time per real time</translation>
    </message>
    <message>
        <source>跳到情景时间…</source>
        <translation>Jump to scenario time…</translation>
    </message>
    <message>
        <source>将情景时间向前跳到指定分钟</source>
        <translation>Move scenario time forward to a given minute</translation>
    </message>
    <message>
        <source>结束演练…</source>
        <translation>End drill…</translation>
    </message>
    <message>
        <source>宣布演练结束，进入现场点评</source>
        <translation>Declare the drill ended and go to the hot wash</translation>
    </message>
    <message>
        <source>关闭控制台</source>
        <translation>Close console</translation>
    </message>
    <message>
        <source>关闭控制台；未结束的演练可随时继续</source>
        <translation>Close the console; an unfinished drill can be continued later</translation>
    </message>
    <message>
        <source>下达下一条</source>
        <translation>Next inject</translation>
    </message>
    <message>
        <source>立即下达下一条注入</source>
        <translation>Deliver the next inject now</translation>
    </message>
    <message>
        <source>抽取情景卡</source>
        <translation>Draw card</translation>
    </message>
    <message>
        <source>按所选类别和严重程度抽取一张情景卡（仅导调可见）</source>
        <translation>Draw a card of the chosen category and severity (the controller sees it, players do not)</translation>
    </message>
    <message>
        <source>放回情景卡</source>
        <translation>Return card</translation>
    </message>
    <message>
        <source>把已抽取、未下达的情景卡放回卡库</source>
        <translation>Put a drawn, undelivered card back into the library</translation>
    </message>
    <message>
        <source>立即下达所选</source>
        <translation>Deliver selected</translation>
    </message>
    <message>
        <source>立即下达选中的注入或情景卡</source>
        <translation>Deliver the selected inject or card now</translation>
    </message>
    <message>
        <source>跳过所选</source>
        <translation>Skip selected</translation>
    </message>
    <message>
        <source>不再下达选中的注入</source>
        <translation>Do not deliver the selected inject</translation>
    </message>
    <message>
        <source>临时注入…</source>
        <translation>Unplanned inject…</translation>
    </message>
    <message>
        <source>下达一条脚本外的临时注入</source>
        <translation>Deliver an inject that is not in the script</translation>
    </message>
    <message>
        <source>上一条注入</source>
        <translation>Previous inject</translation>
    </message>
    <message>
        <source>在注入列表中选择上一条</source>
        <translation>Select the previous inject in the list</translation>
    </message>
    <message>
        <source>下一条注入</source>
        <translation>Next in list</translation>
    </message>
    <message>
        <source>在注入列表中选择下一条</source>
        <translation>Select the next inject in the list</translation>
    </message>
    <message>
        <source>回到当前注入</source>
        <translation>Current inject</translation>
    </message>
    <message>
        <source>选择最近下达的注入</source>
        <translation>Select the inject delivered last</translation>
    </message>
    <message>
        <source>跟随新注入</source>
        <translation>Follow new injects</translation>
    </message>
    <message>
        <source>新注入下达时自动选中它（默认不跟随：记录仍记入所选注入）</source>
        <translation>Select each inject as it is delivered (off by default: entries stay with the selected inject)</translation>
    </message>
    <message>
        <source>注入列表</source>
        <translation>Inject list</translation>
    </message>
    <message>
        <source>把焦点移到注入列表</source>
        <translation>Move the focus to the inject list</translation>
    </message>
    <message>
        <source>抽卡类别</source>
        <translation>Draw category</translation>
    </message>
    <message>
        <source>把焦点移到抽卡类别筛选</source>
        <translation>Move the focus to the draw category</translation>
    </message>
    <message>
        <source>输入记录</source>
        <translation>Type an entry</translation>
    </message>
    <message>
        <source>把焦点移到记录输入框</source>
        <translation>Move the focus to the entry field</translation>
    </message>
    <message>
        <source>记录行动</source>
        <translation>Record action</translation>
    </message>
    <message>
        <source>记录所选执行方的行动</source>
        <translation>Record an action of the chosen team</translation>
    </message>
    <message>
        <source>记为观察记录</source>
        <translation>Record as observation</translation>
    </message>
    <message>
        <source>记录为评估人员的观察记录</source>
        <translation>Record it as an evaluator&apos;s observation</translation>
    </message>
    <message>
        <source>重试未记录的条目</source>
        <translation>Retry unrecorded entries</translation>
    </message>
    <message>
        <source>重新写入未能记录的条目</source>
        <translation>Write the entries that could not be recorded again</translation>
    </message>
    <message>
        <source>更正所选记录…</source>
        <translation>Correct the selected entry…</translation>
    </message>
    <message>
        <source>更正演练记录中所选的行动或观察记录（写入一条更正记录，须说明理由）</source>
        <translation>Correct the action or note selected in the log (writes a correction entry; a reason is required)</translation>
    </message>
    <message>
        <source>撤回所选记录…</source>
        <translation>Retract the selected entry…</translation>
    </message>
    <message>
        <source>撤回演练记录中所选的行动或观察记录（写入一条撤回记录，须说明理由）</source>
        <translation>Retract the action or note selected in the log (writes a retraction entry; a reason is required)</translation>
    </message>
    <message>
        <source>演练记录</source>
        <translation>Drill log</translation>
    </message>
    <message>
        <source>显示演练记录</source>
        <translation>Show the drill log</translation>
    </message>
    <message>
        <source>评估评分</source>
        <translation>Evaluation</translation>
    </message>
    <message>
        <source>显示评估项并评分</source>
        <translation>Show the criteria and mark them</translation>
    </message>
    <message>
        <source>发现的问题</source>
        <translation>Findings</translation>
    </message>
    <message>
        <source>显示并添加发现的问题</source>
        <translation>Show and add findings</translation>
    </message>
    <message>
        <source>现场点评</source>
        <translation>Hot wash</translation>
    </message>
    <message>
        <source>在演练控制和现场点评之间切换</source>
        <translation>Switch between the drill controls and the hot wash</translation>
    </message>
    <message>
        <source>投影窗口</source>
        <translation>Presenter</translation>
    </message>
    <message>
        <source>显示或隐藏面向参演人员的投影窗口</source>
        <translation>Show or hide the presenter window for the players</translation>
    </message>
    <message>
        <source>投影全屏</source>
        <translation>Presenter full screen</translation>
    </message>
    <message>
        <source>投影窗口全屏或还原</source>
        <translation>Presenter window full screen or back</translation>
    </message>
    <message>
        <source>快捷键</source>
        <translation>Keyboard Shortcuts</translation>
    </message>
    <message>
        <source>列出控制台的全部快捷键</source>
        <translation>List every shortcut of the console</translation>
    </message>
    <message>
        <source>不指定执行方</source>
        <translation>No team</translation>
    </message>
    <message>
        <source>取消所选执行方</source>
        <translation>Clear the chosen team</translation>
    </message>
    <message>
        <source>导出评估报告…</source>
        <translation>Export evaluation report…</translation>
    </message>
    <message>
        <source>按本场演练记录生成演练评估报告（Word）</source>
        <translation>Write the evaluation report of this session (Word)</translation>
    </message>
    <message>
        <source>导出总结报告…</source>
        <translation>Export summary report…</translation>
    </message>
    <message>
        <source>按本场演练记录生成演练总结报告（Word）</source>
        <translation>Write the summary report of this session (Word)</translation>
    </message>
    <message>
        <source>演练(&amp;D)</source>
        <translation>&amp;Drill</translation>
    </message>
    <message>
        <source>注入(&amp;I)</source>
        <translation>&amp;Inject</translation>
    </message>
    <message>
        <source>记录(&amp;R)</source>
        <translation>&amp;Record</translation>
    </message>
    <message>
        <source>评估(&amp;E)</source>
        <translation>&amp;Evaluate</translation>
    </message>
    <message>
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>执行方</source>
        <translation>Expected from</translation>
    </message>
    <message>
        <source>期望行动完成</source>
        <translation>Expected action done</translation>
    </message>
    <message>
        <source>期望行动记为未完成</source>
        <translation>Expected action not done</translation>
    </message>
    <message>
        <source>决策</source>
        <translation>Decision</translation>
    </message>
    <message>
        <source>演练记录（F2）</source>
        <translation>Log (F2)</translation>
    </message>
    <message>
        <source>评估评分（F3）</source>
        <translation>Evaluation (F3)</translation>
    </message>
    <message>
        <source>发现的问题（F4）</source>
        <translation>Findings (F4)</translation>
    </message>
    <message>
        <source>执行方：</source>
        <translation>Who:</translation>
    </message>
    <message>
        <source>谁做了什么：输入后回车记录行动，Ctrl+回车记为观察记录（Ctrl+L）</source>
        <translation>Who did what: Enter records an action, Ctrl+Enter an observation (Ctrl+L)</translation>
    </message>
    <message>
        <source>记录（回车）</source>
        <translation>Record (Enter)</translation>
    </message>
    <message>
        <source>观察记录（Ctrl+回车）</source>
        <translation>Observation (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>注入（Ctrl+I）</source>
        <translation>Injects (Ctrl+I)</translation>
    </message>
    <message>
        <source>决策（Ctrl+J, 数字）</source>
        <translation>Decisions (Ctrl+J, digit)</translation>
    </message>
    <message>
        <source>期望行动（Ctrl+数字：完成；Ctrl+M, 数字：记为未完成）</source>
        <translation>Expected actions (Ctrl+digit: done; Ctrl+M, digit: not done)</translation>
    </message>
    <message>
        <source>所选完成</source>
        <translation>Selected done</translation>
    </message>
    <message>
        <source>所选未完成</source>
        <translation>Selected not done</translation>
    </message>
    <message>
        <source>未定时</source>
        <translation>Not timed</translation>
    </message>
    <message>
        <source>无定时注入</source>
        <translation>No timed injects</translation>
    </message>
    <message>
        <source>演练控制台 — {title}</source>
        <translation>Drill console — {title}</translation>
    </message>
    <message>
        <source>演练控制台</source>
        <translation>Drill console</translation>
    </message>
    <message>
        <source>无法开始演练</source>
        <translation>Cannot start the drill</translation>
    </message>
    <message>
        <source>无法打开演练记录：</source>
        <translation>Cannot open the drill record:</translation>
    </message>
    <message>
        <source>演练记录：{path}</source>
        <translation>Drill record: {path}</translation>
    </message>
    <message>
        <source>当前评估：{text}</source>
        <translation>Evaluation so far: {text}</translation>
    </message>
    <message>
        <source>内部错误</source>
        <translation>Internal error</translation>
    </message>
    <message>
        <source>正在写入记录…</source>
        <translation>Writing to disk…</translation>
    </message>
    <message>
        <source>✗ {n} 条未记录（Ctrl+Shift+R 重试）</source>
        <translation>✗ {n} not recorded (Ctrl+Shift+R retries)</translation>
    </message>
    <message>
        <source>✓ 记录已全部写入磁盘</source>
        <translation>✓ Everything is on disk</translation>
    </message>
    <message>
        <source>（未选择注入）</source>
        <translation>(no inject selected)</translation>
    </message>
    <message>
        <source>导调说明：{note}</source>
        <translation>Controller note: {note}</translation>
    </message>
    <message>
        <source>评估要点：{points}</source>
        <translation>Evaluation points: {points}</translation>
    </message>
    <message>
        <source>记录决策：{text}</source>
        <translation>Record the decision: {text}</translation>
    </message>
    <message>
        <source>全部类别</source>
        <translation>All categories</translation>
    </message>
    <message>
        <source>全部严重程度</source>
        <translation>All severities</translation>
    </message>
    <message>
        <source>（当前注入没有）</source>
        <translation>(none for this inject)</translation>
    </message>
    <message>
        <source>可抽 {n} 张</source>
        <translation>{n} to draw</translation>
    </message>
    <message>
        <source>继续</source>
        <translation>Resume</translation>
    </message>
    <message>
        <source>未开始 · 按 F5 开始</source>
        <translation>Not started · F5 starts</translation>
    </message>
    <message>
        <source>进行中</source>
        <translation>running</translation>
    </message>
    <message>
        <source>已暂停 · 按 F6 继续</source>
        <translation>Paused · F6 resumes</translation>
    </message>
    <message>
        <source>演练已结束</source>
        <translation>Drill ended</translation>
    </message>
    <message>
        <source>时间压缩 ×{speed}</source>
        <translation>Time compression ×{speed}</translation>
    </message>
    <message>
        <source>新注入已下达：{title}（Ctrl+0 查看）</source>
        <translation>New inject delivered: {title} (Ctrl+0 to view)</translation>
    </message>
    <message>
        <source>记入：{title}</source>
        <translation>Records go to: {title}</translation>
    </message>
    <message>
        <source>&#x3000;（最新注入：{id}，Ctrl+0）</source>
        <translation> (latest inject: {id}, Ctrl+0)</translation>
    </message>
    <message>
        <source>记入：不关联注入</source>
        <translation>Records go to: no inject</translation>
    </message>
    <message>
        <source>跳到情景时间</source>
        <translation>Jump to scenario time</translation>
    </message>
    <message>
        <source>跳到第几分钟（只能向前）：</source>
        <translation>Jump to minute (forward only):</translation>
    </message>
    <message>
        <source>没有可下达的注入了</source>
        <translation>No inject left to deliver</translation>
    </message>
    <message>
        <source>下一条</source>
        <translation>next</translation>
    </message>
    <message>
        <source>没有符合条件的情景卡可抽</source>
        <translation>No card fits the filters</translation>
    </message>
    <message>
        <source>该期望行动已记录完成</source>
        <translation>That expected action is already recorded as done</translation>
    </message>
    <message>
        <source>未完成：{text}</source>
        <translation>Not done: {text}</translation>
    </message>
    <message>
        <source>选择执行方 / 取消选择</source>
        <translation>Choose a team / none</translation>
    </message>
    <message>
        <source>当前注入的第 n 项期望行动完成</source>
        <translation>Expected action n of the inject done</translation>
    </message>
    <message>
        <source>第 n 项期望行动记为未完成</source>
        <translation>Expected action n not done</translation>
    </message>
    <message>
        <source>记录当前注入的第 n 个决策</source>
        <translation>Record decision n of the inject</translation>
    </message>
    <message>
        <source>控制台快捷键</source>
        <translation>Console shortcuts</translation>
    </message>
    <message>
        <source>关闭演练控制台</source>
        <translation>Close the drill console</translation>
    </message>
    <message>
        <source>有记录仍在等待写入磁盘，请稍后再关闭。</source>
        <translation>Entries are still being written to disk; close again in a moment.</translation>
    </message>
</context>
<context>
    <name>CriteriaModel</name>
    <message>
        <source>编号</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>评估内容</source>
        <translation>Criterion</translation>
    </message>
    <message>
        <source>权重</source>
        <translation>Weight</translation>
    </message>
    <message>
        <source>否决项</source>
        <translation>Key item</translation>
    </message>
    <message>
        <source>评分/等级</source>
        <translation>Score / level</translation>
    </message>
    <message>
        <source>评估人</source>
        <translation>Evaluator</translation>
    </message>
    <message>
        <source>记录中…（{mark}）</source>
        <translation>Recording… ({mark})</translation>
    </message>
    <message>
        <source>不评估（{reason}）</source>
        <translation>Not evaluated ({reason})</translation>
    </message>
    <message>
        <source>（未达合格线）</source>
        <translation> (below the pass line)</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <source>如 2026-03-15</source>
        <translation>e.g. 2026-03-15</translation>
    </message>
    <message>
        <source>可输入 {examples}</source>
        <translation>Type a date such as {examples}</translation>
    </message>
    <message>
        <source>从日历中选择</source>
        <translation>Pick from a calendar</translation>
    </message>
    <message>
        <source>清空日期</source>
        <translation>Clear the date</translation>
    </message>
</context>
<context>
    <name>Document</name>
    <message>
        <source>编辑</source>
        <translation>Edit</translation>
    </message>
</context>
<context>
    <name>DrillDelegate</name>
    <message>
        <source>没有关联的预案</source>
        <translation>No linked plan</translation>
    </message>
    <message>
        <source>请先在“基本信息”中关联预案文件（并保存演练文件），才能选择预案内容。</source>
        <translation>Link a plan file under “Drill details” first (and save the drill file) to pick items of the plan.</translation>
    </message>
    <message>
        <source>（未指定）</source>
        <translation>(not set)</translation>
    </message>
</context>
<context>
    <name>DrillMenu</name>
    <message>
        <source>演练(&amp;D)</source>
        <translation>&amp;Drill</translation>
    </message>
    <message>
        <source>新建有脚本演练(&amp;S)</source>
        <translation>New &amp;scripted drill</translation>
    </message>
    <message>
        <source>新建一个空白的有脚本演练</source>
        <translation>Create a blank scripted drill</translation>
    </message>
    <message>
        <source>新建无脚本演练(&amp;L)</source>
        <translation>New script&amp;less drill</translation>
    </message>
    <message>
        <source>新建一个空白的无脚本（情景卡）演练</source>
        <translation>Create a blank scriptless (inject card) drill</translation>
    </message>
    <message>
        <source>从预案生成演练(&amp;P)…</source>
        <translation>New drill from &amp;plan…</translation>
    </message>
    <message>
        <source>按预案的风险清单和响应分级生成情景和脚本，逐级推演</source>
        <translation>Build a scenario and script from the plan&apos;s risks and response levels, escalating level by level</translation>
    </message>
    <message>
        <source>开始/继续演练(&amp;R)…</source>
        <translation>&amp;Run or continue drill…</translation>
    </message>
    <message>
        <source>打开演练控制台和投影窗口，开始或继续当前演练</source>
        <translation>Open the drill console and the presenter window to start or continue this drill</translation>
    </message>
    <message>
        <source>查找未结束的演练(&amp;U)…</source>
        <translation>Find &amp;unfinished drills…</translation>
    </message>
    <message>
        <source>检查最近的演练文件是否有未结束的记录</source>
        <translation>Check recent drill files for sessions that were not ended</translation>
    </message>
    <message>
        <source>导出演练文件(&amp;E)</source>
        <translation>&amp;Export drill documents</translation>
    </message>
    <message>
        <source>根据最近一场已结束的演练记录生成</source>
        <translation>Made from the newest ended session</translation>
    </message>
    <message>
        <source>开始演练</source>
        <translation>Start drill</translation>
    </message>
    <message>
        <source>请先打开或新建一个演练文件（*.drill.yaml），再开始演练。</source>
        <translation>Open or create a drill file (*.drill.yaml) first, then start the drill.</translation>
    </message>
    <message>
        <source>正在读取关联的预案…</source>
        <translation>Reading the linked plan…</translation>
    </message>
    <message>
        <source>无法读取关联的预案，演练仍可进行，但不能核对处置步骤：</source>
        <translation>The linked plan cannot be read. The drill can still run, but procedure steps cannot be checked:</translation>
    </message>
    <message>
        <source>演练文件有 {n} 个错误（见问题面板），可能影响演练</source>
        <translation>The drill file has {n} error(s) (see the problems panel) that may affect the drill</translation>
    </message>
    <message>
        <source>Word 文档 (*.docx)</source>
        <translation>Word documents (*.docx)</translation>
    </message>
    <message>
        <source>没有其他需要继续的演练</source>
        <translation>No other drill to continue</translation>
    </message>
    <message>
        <source>已导出 {name}</source>
        <translation>Exported {name}</translation>
    </message>
    <message>
        <source>已导出“{name}”，请注意：</source>
        <translation>Exported “{name}”. Please note:</translation>
    </message>
</context>
<context>
    <name>DrillTableModel</name>
    <message>
        <source>修改“{field}”</source>
        <translation>Change “{field}”</translation>
    </message>
    <message>
        <source>修改接收方</source>
        <translation>Change recipients</translation>
    </message>
</context>
<context>
    <name>EvaluationPage</name>
    <message>
        <source>评估人员在控制台按评估项评分（0–100）或选择达到/部分达到/未达到；得分按权重加权，否决项未达到时结论为不合格（GB/T 46792-2025 附录 D）。</source>
        <translation>Evaluators mark each criterion in the console with a score (0–100) or achieved / partly / not achieved; scores are weighted, and a key item not achieved makes the conclusion a fail (GB/T 46792-2025 annex D).</translation>
    </message>
</context>
<context>
    <name>ExcelReview</name>
    <message>
        <source>核对名录导入 — {name}</source>
        <translation>Review the register import — {name}</translation>
    </message>
    <message>
        <source>并入预案</source>
        <translation>Add to the plan</translation>
    </message>
    <message>
        <source>（不导入）</source>
        <translation>(not imported)</translation>
    </message>
    <message>
        <source>名录类型：</source>
        <translation>Register:</translation>
    </message>
    <message>
        <source>已识别 {taken}/{rows} 行</source>
        <translation>{taken} of {rows} rows recognised</translation>
    </message>
    <message>
        <source>（沿用记住的列对应）</source>
        <translation> (remembered columns)</translation>
    </message>
    <message>
        <source>表头</source>
        <translation>Header</translation>
    </message>
    <message>
        <source>对应字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>正在按新的列对应重新读取</source>
        <translation>Reading again with the new columns</translation>
    </message>
</context>
<context>
    <name>ExpectedModel</name>
    <message>
        <source>快捷键</source>
        <translation>Keys</translation>
    </message>
    <message>
        <source>期望行动</source>
        <translation>Expected action</translation>
    </message>
    <message>
        <source>执行方</source>
        <translation>Expected from</translation>
    </message>
    <message>
        <source>时限（分钟）</source>
        <translation>Limit (min)</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>记录中…</source>
        <translation>Recording…</translation>
    </message>
    <message>
        <source>（已记为未完成）</source>
        <translation> (noted as not done)</translation>
    </message>
</context>
<context>
    <name>FieldDelegate</name>
    <message>
        <source>（未选择）</source>
        <translation>(not chosen)</translation>
    </message>
    <message>
        <source>（未指定）</source>
        <translation>(not set)</translation>
    </message>
    <message>
        <source>⚠ {id}（不存在）</source>
        <translation>⚠ {id} (does not exist)</translation>
    </message>
    <message>
        <source>输入名称查找</source>
        <translation>Type part of a name</translation>
    </message>
    <message>
        <source>每行一项；点击别处完成编辑，Esc 取消</source>
        <translation>One item per line; click elsewhere to finish, Esc to cancel</translation>
    </message>
    <message>
        <source>如 2026-03-15</source>
        <translation>e.g. 2026-03-15</translation>
    </message>
</context>
<context>
    <name>FieldForm</name>
    <message>
        <source>每行一项</source>
        <translation>One item per line</translation>
    </message>
    <message>
        <source>修改“{field}”</source>
        <translation>Change “{field}”</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <source>查找：</source>
        <translation>Find:</translation>
    </message>
    <message>
        <source>在章节正文和各表格中查找</source>
        <translation>Search section text and all tables</translation>
    </message>
    <message>
        <source>下一个（{keys}）</source>
        <translation>Next ({keys})</translation>
    </message>
    <message>
        <source>上一个（{keys}）</source>
        <translation>Previous ({keys})</translation>
    </message>
    <message>
        <source>关闭查找栏（Esc）</source>
        <translation>Close the find bar (Esc)</translation>
    </message>
    <message>
        <source>替换为：</source>
        <translation>Replace with:</translation>
    </message>
    <message>
        <source>替换</source>
        <translation>Replace</translation>
    </message>
    <message>
        <source>替换当前结果，并跳到下一个</source>
        <translation>Replace this hit and go to the next</translation>
    </message>
    <message>
        <source>全部替换</source>
        <translation>Replace all</translation>
    </message>
    <message>
        <source>替换全部结果（编号除外）；一次撤销即可全部恢复</source>
        <translation>Replace every hit (ids excepted); one undo restores them all</translation>
    </message>
    <message>
        <source>全部替换“{a}”为“{b}”</source>
        <translation>Replace all &apos;{a}&apos; with &apos;{b}&apos;</translation>
    </message>
    <message>
        <source>已替换 {n} 处</source>
        <translation>{n} replaced</translation>
    </message>
    <message>
        <source>无结果</source>
        <translation>No results</translation>
    </message>
    <message>
        <source>{i}/{n}</source>
        <translation>{i}/{n}</translation>
    </message>
    <message>
        <source>共 {n} 处</source>
        <translation>{n} found</translation>
    </message>
</context>
<context>
    <name>FindingForm</name>
    <message>
        <source>问题：</source>
        <translation>Finding:</translation>
    </message>
    <message>
        <source>严重程度：</source>
        <translation>Severity:</translation>
    </message>
    <message>
        <source>涉及预案：</source>
        <translation>Plan item:</translation>
    </message>
    <message>
        <source>注入：</source>
        <translation>Inject:</translation>
    </message>
    <message>
        <source>责任人：</source>
        <translation>Owner:</translation>
    </message>
    <message>
        <source>发现的问题，回车添加</source>
        <translation>A problem found; Enter adds it</translation>
    </message>
    <message>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>问题涉及的预案章节、处置步骤或登记表条目</source>
        <translation>The plan section, procedure step or register row the finding concerns</translation>
    </message>
    <message>
        <source>添加（回车）</source>
        <translation>Add (Enter)</translation>
    </message>
    <message>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>（未关联）</source>
        <translation>(none)</translation>
    </message>
</context>
<context>
    <name>FindingsModel</name>
    <message>
        <source>编号</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>问题描述</source>
        <translation>Finding</translation>
    </message>
    <message>
        <source>严重程度</source>
        <translation>Severity</translation>
    </message>
    <message>
        <source>涉及预案内容</source>
        <translation>Plan item</translation>
    </message>
    <message>
        <source>相关注入</source>
        <translation>Inject</translation>
    </message>
</context>
<context>
    <name>FindingsPage</name>
    <message>
        <source>“涉及预案内容”双击后从关联预案中选择章节、处置步骤或登记表条目。</source>
        <translation>Double-click “Plan item” to pick a section, procedure step or register row of the linked plan.</translation>
    </message>
</context>
<context>
    <name>FindingsPanel</name>
    <message>
        <source>定位</source>
        <translation>Go to</translation>
    </message>
    <message>
        <source>在编辑器中显示该问题涉及的预案内容</source>
        <translation>Show the plan element this finding is about</translation>
    </message>
    <message>
        <source>设为整改中</source>
        <translation>Mark in progress</translation>
    </message>
    <message>
        <source>关闭问题…</source>
        <translation>Close finding…</translation>
    </message>
    <message>
        <source>整改已完成：在演练文件中关闭，可在修订记录中加一条</source>
        <translation>Fixed: close it in the drill file, optionally with a revision-history entry</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>重新读取预案所在文件夹中的演练文件</source>
        <translation>Read the drill files in the plan&apos;s folder again</translation>
    </message>
    <message>
        <source>演练发现的待整改问题（{n} 项）</source>
        <translation>Open findings of drills ({n})</translation>
    </message>
    <message>
        <source>无法修改演练文件</source>
        <translation>Cannot change the drill file</translation>
    </message>
    <message>
        <source>问题 {id} 已设为整改中。</source>
        <translation>Finding {id} is now in progress.</translation>
    </message>
    <message>
        <source>问题 {id} 已关闭；修订记录已加入预案（版本 {version}），保存预案后生效。</source>
        <translation>Finding {id} closed; a revision entry was added to the plan (version {version}). Save the plan to keep it.</translation>
    </message>
    <message>
        <source>问题 {id} 已关闭。</source>
        <translation>Finding {id} closed.</translation>
    </message>
</context>
<context>
    <name>FontNotice</name>
    <message>
        <source>{font}（本机显示为{substitute}）</source>
        <translation>{font} (shown here as {substitute})</translation>
    </message>
    <message>
        <source>查看字体…</source>
        <translation>Show Fonts…</translation>
    </message>
    <message>
        <source>知道了</source>
        <translation>Got It</translation>
    </message>
    <message>
        <source>本机缺少导出的 Word 文档所用的字体：{fonts}。</source>
        <translation>This computer lacks fonts that exported Word documents use: {fonts}.</translation>
    </message>
    <message>
        <source>这不影响导出：文档仍然指定这些字体，在装有它们的电脑上（如评审、备案单位）显示正确；本机的 Word、WPS 暂用仿宋、楷体等常见字体代替。</source>
        <translation>Exports are not affected: the documents still name these fonts and look right on computers that have them (such as the reviewers&apos; or the filing office&apos;s); Word or WPS here shows common fonts such as 仿宋 and 楷体 instead.</translation>
    </message>
</context>
<context>
    <name>FullCode</name>
    <message>
        <source>按 Esc 或点击关闭</source>
        <translation>Press Esc or click to close</translation>
    </message>
</context>
<context>
    <name>HotWashPage</name>
    <message>
        <source>编号</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>注入</source>
        <translation>Inject</translation>
    </message>
    <message>
        <source>下达时间</source>
        <translation>Delivered</translation>
    </message>
    <message>
        <source>首次响应</source>
        <translation>First action</translation>
    </message>
    <message>
        <source>响应用时（分钟）</source>
        <translation>Response (min)</translation>
    </message>
    <message>
        <source>行动数</source>
        <translation>Actions</translation>
    </message>
    <message>
        <source>期望行动</source>
        <translation>Expected action</translation>
    </message>
    <message>
        <source>执行方</source>
        <translation>Expected from</translation>
    </message>
    <message>
        <source>时限（分钟）</source>
        <translation>Limit (min)</translation>
    </message>
    <message>
        <source>用时（分钟）</source>
        <translation>After (min)</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>步骤</source>
        <translation>Step</translation>
    </message>
    <message>
        <source>处置步骤</source>
        <translation>Procedure step</translation>
    </message>
    <message>
        <source>检验情况</source>
        <translation>Exercised</translation>
    </message>
    <message>
        <source>评估内容</source>
        <translation>Criterion</translation>
    </message>
    <message>
        <source>权重</source>
        <translation>Weight</translation>
    </message>
    <message>
        <source>得分</source>
        <translation>Score</translation>
    </message>
    <message>
        <source>备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>现场点评</source>
        <translation>Hot wash</translation>
    </message>
    <message>
        <source>导出评估报告…</source>
        <translation>Export evaluation report…</translation>
    </message>
    <message>
        <source>导出总结报告…</source>
        <translation>Export summary report…</translation>
    </message>
    <message>
        <source>注入与响应</source>
        <translation>Injects and responses</translation>
    </message>
    <message>
        <source>预案步骤</source>
        <translation>Plan steps</translation>
    </message>
    <message>
        <source>评估</source>
        <translation>Evaluation</translation>
    </message>
    <message>
        <source>发现的问题</source>
        <translation>Findings</translation>
    </message>
    <message>
        <source>评估分析</source>
        <translation>Analysis</translation>
    </message>
    <message>
        <source>已结束</source>
        <translation>ended</translation>
    </message>
    <message>
        <source>进行中</source>
        <translation>running</translation>
    </message>
    <message>
        <source>{title}（{state}）</source>
        <translation>{title} ({state})</translation>
    </message>
    <message>
        <source>情景时间 {scenario}&#x3000;实际用时 {real}</source>
        <translation>Scenario time {scenario}   real time {real}</translation>
    </message>
    <message>
        <source>注入：已下达 {n}/{total}&#x3000;平均响应 {mean} 分钟</source>
        <translation>Injects: {n}/{total} delivered   mean response {mean} min</translation>
    </message>
    <message>
        <source>期望行动：按时完成 {done}&#x3000;超时完成 {late}&#x3000;未完成 {missed}&#x3000;进行中 {open}</source>
        <translation>Expected actions: {done} done   {late} late   {missed} missed   {open} open</translation>
    </message>
    <message>
        <source>预案步骤：已检验 {n}/{total}（{share}），未检验 {left}</source>
        <translation>Plan steps: {n}/{total} exercised ({share}), {left} not exercised</translation>
    </message>
    <message>
        <source>发现问题：{n} 项</source>
        <translation>Findings: {n}</translation>
    </message>
    <message>
        <source>评估结论：{text}</source>
        <translation>Evaluation: {text}</translation>
    </message>
    <message>
        <source>已跳过</source>
        <translation>skipped</translation>
    </message>
    <message>
        <source>不评估</source>
        <translation>Left out</translation>
    </message>
    <message>
        <source>（未达合格线）</source>
        <translation> (below the pass line)</translation>
    </message>
    <message>
        <source>（否决项）</source>
        <translation> (key item)</translation>
    </message>
</context>
<context>
    <name>ImportActions</name>
    <message>
        <source>导入 Word 预案(&amp;W)…</source>
        <translation>Import &amp;Word plan…</translation>
    </message>
    <message>
        <source>读取 Word 预案（.docx），核对识别结果后作为新预案打开</source>
        <translation>Read a Word plan (.docx), review what was recognised, then open it as a new plan</translation>
    </message>
    <message>
        <source>导入 Excel 名录(&amp;X)…</source>
        <translation>Import E&amp;xcel registers…</translation>
    </message>
    <message>
        <source>从 Excel 或 CSV 读取通讯录、物资、队伍、专家、避难场所，并入当前预案</source>
        <translation>Read contacts, resources, teams, experts and shelters from Excel or CSV into this plan</translation>
    </message>
    <message>
        <source>导入 Word 预案</source>
        <translation>Import Word plan</translation>
    </message>
    <message>
        <source>Word 文档 (*.docx)</source>
        <translation>Word documents (*.docx)</translation>
    </message>
    <message>
        <source>正在导入 Word 预案</source>
        <translation>Importing the Word plan</translation>
    </message>
    <message>
        <source>已导入“{name}”，请核对后保存。</source>
        <translation>Imported “{name}”; check it, then save.</translation>
    </message>
    <message>
        <source>导入 Excel 名录</source>
        <translation>Import Excel registers</translation>
    </message>
    <message>
        <source>请先打开或新建一个预案，名录将并入该预案。</source>
        <translation>Open or create a plan first; the registers are added to it.</translation>
    </message>
    <message>
        <source>Excel 或 CSV 文件 (*.xlsx *.xlsm *.csv)</source>
        <translation>Excel or CSV files (*.xlsx *.xlsm *.csv)</translation>
    </message>
    <message>
        <source>正在读取名录</source>
        <translation>Reading the registers</translation>
    </message>
    <message>
        <source>已从“{name}”并入 {count} 条名录。</source>
        <translation>Added {count} entries from “{name}”.</translation>
    </message>
    <message>
        <source>无法导入</source>
        <translation>Cannot import</translation>
    </message>
    <message>
        <source>无法导入“{name}”：</source>
        <translation>Cannot import “{name}”:</translation>
    </message>
</context>
<context>
    <name>ImportReview</name>
    <message>
        <source>核对导入结果 — {name}</source>
        <translation>Review the import — {name}</translation>
    </message>
    <message>
        <source>章节</source>
        <translation>Section</translation>
    </message>
    <message>
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>正文段数</source>
        <translation>Paragraphs</translation>
    </message>
    <message>
        <source>提升一级</source>
        <translation>Level up</translation>
    </message>
    <message>
        <source>降低一级</source>
        <translation>Level down</translation>
    </message>
    <message>
        <source>章节结构</source>
        <translation>Outline</translation>
    </message>
    <message>
        <source>所在章节</source>
        <translation>In section</translation>
    </message>
    <message>
        <source>识别为</source>
        <translation>Read as</translation>
    </message>
    <message>
        <source>行数</source>
        <translation>Rows</translation>
    </message>
    <message>
        <source>表头</source>
        <translation>Header</translation>
    </message>
    <message>
        <source>表格</source>
        <translation>Tables</translation>
    </message>
    <message>
        <source>响应级别与工作组</source>
        <translation>Levels and groups</translation>
    </message>
    <message>
        <source>保留为文本</source>
        <translation>Kept as text</translation>
    </message>
    <message>
        <source>原文（按读取顺序）</source>
        <translation>Source text (as read)</translation>
    </message>
    <message>
        <source>打开导入的预案</source>
        <translation>Open the imported plan</translation>
    </message>
    <message>
        <source>附件</source>
        <translation>Appendices</translation>
    </message>
    <message>
        <source>响应级别 {name}：{trigger}</source>
        <translation>Response level {name}: {trigger}</translation>
    </message>
    <message>
        <source>机构/工作组 {name}（{lead}）</source>
        <translation>Body/group {name} ({lead})</translation>
    </message>
    <message>
        <source>（没有识别出响应级别或工作组）</source>
        <translation>(no response levels or working groups recognised)</translation>
    </message>
    <message>
        <source>表格（{section}）：{headers}</source>
        <translation>Table ({section}): {headers}</translation>
    </message>
    <message>
        <source>正在按新的表格类型重新读取</source>
        <translation>Reading again with the new table kind</translation>
    </message>
</context>
<context>
    <name>InjectDetail</name>
    <message>
        <source>内容</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>决策与分支</source>
        <translation>Decisions and branches</translation>
    </message>
    <message>
        <source>导调说明（仅控制台可见）</source>
        <translation>Controller note (console only)</translation>
    </message>
    <message>
        <source>参演人员可能作出的决策（控制台上一键记录）</source>
        <translation>Decisions the players may take (one key in the console)</translation>
    </message>
    <message>
        <source>后续注入：作出某个决策后，延迟若干分钟下达另一条注入</source>
        <translation>Follow-ups: after a decision, another inject a few minutes later</translation>
    </message>
    <message>
        <source>从预案处置步骤添加…</source>
        <translation>Add from plan steps…</translation>
    </message>
    <message>
        <source>从关联预案中选择处置步骤，每个步骤生成一项期望行动（执行方、时限随步骤）</source>
        <translation>Pick procedure steps of the linked plan; each becomes an expected action (actor and time limit from the step)</translation>
    </message>
    <message>
        <source>条件触发（在另一条注入或某个决策之后）</source>
        <translation>Triggered (after another inject or a decision)</translation>
    </message>
    <message>
        <source>前提条件（抽卡时，须已下达某类别的卡或某条注入）</source>
        <translation>Preconditions (for a draw: a card of a category or an inject must have been delivered)</translation>
    </message>
    <message>
        <source>没有关联的预案</source>
        <translation>No linked plan</translation>
    </message>
    <message>
        <source>请先在“基本信息”中关联预案文件（并保存演练文件），才能选择预案内容。</source>
        <translation>Link a plan file under “Drill details” first (and save the drill file) to pick items of the plan.</translation>
    </message>
    <message>
        <source>从预案处置步骤添加期望行动</source>
        <translation>Add expected actions from plan steps</translation>
    </message>
</context>
<context>
    <name>InjectsModel</name>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>严重程度</source>
        <translation>Severity</translation>
    </message>
    <message>
        <source>{id} 后 {n} 分</source>
        <translation>{n} min after {id}</translation>
    </message>
    <message>
        <source>视决策</source>
        <translation>On decision</translation>
    </message>
    <message>
        <source>（条件未满足）</source>
        <translation> (locked)</translation>
    </message>
</context>
<context>
    <name>InjectsPage</name>
    <message>
        <source>上方时间轴按计划时间排列注入（虚线为视决策而定或未定时的注入），点击可选中。选中一行后在下方编辑内容、期望行动和决策。</source>
        <translation>The time line shows the injects at their planned times (dashed: depending on a decision, or not timed); click one to select it. Edit the selected inject&apos;s text, expected actions and decisions below.</translation>
    </message>
    <message>
        <source>无脚本演练时，导调在控制台按类别和严重程度从卡库中抽卡（按种子可复现）；抽取权重越大越容易抽中。</source>
        <translation>In a scriptless drill the controller draws cards in the console by category and severity (reproducible from the seed); a higher weight makes a card likelier.</translation>
    </message>
    <message>
        <source>未定时</source>
        <translation>Not timed</translation>
    </message>
    <message>
        <source>还没有注入</source>
        <translation>No injects yet</translation>
    </message>
</context>
<context>
    <name>LibraryModel</name>
    <message>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>版本</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>颁布日期</source>
        <translation>Issued</translation>
    </message>
    <message>
        <source>最近修订</source>
        <translation>Last revised</translation>
    </message>
    <message>
        <source>下次评估</source>
        <translation>Evaluation due</translation>
    </message>
    <message>
        <source>最近演练</source>
        <translation>Last drill</translation>
    </message>
    <message>
        <source>下次演练</source>
        <translation>Drill due</translation>
    </message>
    <message>
        <source>未完成整改</source>
        <translation>Open findings</translation>
    </message>
    <message>
        <source>检查结果</source>
        <translation>Check</translation>
    </message>
    <message>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <source>颁布、修订或评估中最近的日期</source>
        <translation>The latest of issue, revision and evaluation</translation>
    </message>
    <message>
        <source>每3年至少评估一次，评估后视情修订</source>
        <translation>Evaluated at least every three years, revised as needed</translation>
    </message>
    <message>
        <source>预案的演练记录和预案库中演练文件的日期</source>
        <translation>From the plan&apos;s drill history and the drill files in the library</translation>
    </message>
    <message>
        <source>按预案类型的演练频次计算</source>
        <translation>From the drill frequency of the plan&apos;s kind</translation>
    </message>
    <message>
        <source>演练发现的问题中尚未整改完成的项数</source>
        <translation>Drill findings not yet closed</translation>
    </message>
    <message>
        <source>与“重新检查”相同的检查：错误和警告数</source>
        <translation>The same checks as Check again: errors and warnings</translation>
    </message>
    <message>
        <source>无法读取</source>
        <translation>Unreadable</translation>
    </message>
    <message>
        <source>桌面</source>
        <translation>tabletop</translation>
    </message>
    <message>
        <source>实战</source>
        <translation>live</translation>
    </message>
    <message>
        <source>演练（{form}）</source>
        <translation>Drill ({form})</translation>
    </message>
    <message>
        <source>演练</source>
        <translation>Drill</translation>
    </message>
    <message>
        <source>{n}（{late} 逾期）</source>
        <translation>{n} ({late} late)</translation>
    </message>
    <message>
        <source>检查中…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>✓ 通过</source>
        <translation>✓ Passed</translation>
    </message>
    <message>
        <source>错误 {n}</source>
        <translation>{n} errors</translation>
    </message>
    <message>
        <source>警告 {n}</source>
        <translation>{n} warnings</translation>
    </message>
    <message>
        <source>无法读取“{name}”：{reason}</source>
        <translation>Cannot read “{name}”: {reason}</translation>
    </message>
    <message>
        <source>检验的预案：{plan}</source>
        <translation>Plan exercised: {plan}</translation>
    </message>
    <message>
        <source>已逾期：应于 {day} 前完成</source>
        <translation>Overdue: was due by {day}</translation>
    </message>
    <message>
        <source>正在后台检查，完成后显示错误和警告数</source>
        <translation>Being checked in the background; the counts follow</translation>
    </message>
    <message>
        <source>错误 {e}，警告 {w}（与编辑器“重新检查”的结果相同）</source>
        <translation>{e} errors, {w} warnings (as the editor&apos;s Check again finds)</translation>
    </message>
</context>
<context>
    <name>LibraryWindow</name>
    <message>
        <source>打开预案库(&amp;O)…</source>
        <translation>&amp;Open library…</translation>
    </message>
    <message>
        <source>选择一个文件夹作为预案库</source>
        <translation>Choose a folder to open as a library</translation>
    </message>
    <message>
        <source>刷新(&amp;R)</source>
        <translation>&amp;Refresh</translation>
    </message>
    <message>
        <source>重新读取有改动的文件</source>
        <translation>Read the changed files again</translation>
    </message>
    <message>
        <source>在编辑器中打开(&amp;E)</source>
        <translation>Open in the &amp;editor</translation>
    </message>
    <message>
        <source>在编辑窗口中打开所选文件</source>
        <translation>Open the selected file in the editor window</translation>
    </message>
    <message>
        <source>打开所在文件夹(&amp;F)</source>
        <translation>Open containing &amp;folder</translation>
    </message>
    <message>
        <source>在文件管理器中显示所选文件</source>
        <translation>Show the selected file in the file manager</translation>
    </message>
    <message>
        <source>复制文件路径(&amp;C)</source>
        <translation>&amp;Copy file path</translation>
    </message>
    <message>
        <source>把所选文件的完整路径复制到剪贴板</source>
        <translation>Copy the full path of the selected file</translation>
    </message>
    <message>
        <source>年度工作计划(&amp;W)…</source>
        <translation>Annual &amp;work plan…</translation>
    </message>
    <message>
        <source>生成年度应急演练和预案修订工作计划（Word）</source>
        <translation>Write the annual drill and plan revision work plan (Word)</translation>
    </message>
    <message>
        <source>导出预案体系(&amp;S)…</source>
        <translation>Export plan &amp;system…</translation>
    </message>
    <message>
        <source>导出预案体系图和预案清单（Word）</source>
        <translation>Export the plan system diagram and the plan list (Word)</translation>
    </message>
    <message>
        <source>筛选</source>
        <translation>Filter</translation>
    </message>
    <message>
        <source>转到筛选框</source>
        <translation>Go to the filter box</translation>
    </message>
    <message>
        <source>关闭(&amp;X)</source>
        <translation>Clo&amp;se</translation>
    </message>
    <message>
        <source>关闭预案库窗口</source>
        <translation>Close the library window</translation>
    </message>
    <message>
        <source>预案库(&amp;L)</source>
        <translation>&amp;Library</translation>
    </message>
    <message>
        <source>预案库工具栏</source>
        <translation>Library toolbar</translation>
    </message>
    <message>
        <source>筛选(&amp;I)：</source>
        <translation>F&amp;ilter:</translation>
    </message>
    <message>
        <source>标题、单位、类型或文件名</source>
        <translation>Title, unit, kind or file name</translation>
    </message>
    <message>
        <source>类型(&amp;T)：</source>
        <translation>&amp;Kind:</translation>
    </message>
    <message>
        <source>只看逾期(&amp;D)</source>
        <translation>Only over&amp;due</translation>
    </message>
    <message>
        <source>只列出评估、演练、备案或整改已逾期的文件</source>
        <translation>Only files with an overdue evaluation, drill, filing or finding</translation>
    </message>
    <message>
        <source>一览表</source>
        <translation>Overview</translation>
    </message>
    <message>
        <source>预案体系</source>
        <translation>Plan system</translation>
    </message>
    <message>
        <source>全部文件</source>
        <translation>All files</translation>
    </message>
    <message>
        <source>全部预案</source>
        <translation>All plans</translation>
    </message>
    <message>
        <source>全部演练</source>
        <translation>All drills</translation>
    </message>
    <message>
        <source>无法读取的文件</source>
        <translation>Unreadable files</translation>
    </message>
    <message>
        <source>预案库</source>
        <translation>Plan library</translation>
    </message>
    <message>
        <source>打开一个文件夹，文件夹及其子文件夹中的全部预案和演练文件都会列在这里。</source>
        <translation>Open a folder: every plan and drill file in it and its subfolders is listed here.</translation>
    </message>
    <message>
        <source>“{folder}”中没有预案（*.plan.yaml）或演练（*.drill.yaml）文件。</source>
        <translation>“{folder}” holds no plan (*.plan.yaml) or drill (*.drill.yaml) files.</translation>
    </message>
    <message>
        <source>共 {n} 个文件：预案 {p}，演练 {d}，无法读取 {u}；逾期 {o}</source>
        <translation>{n} files: {p} plans, {d} drills, {u} unreadable; {o} overdue</translation>
    </message>
    <message>
        <source>（显示 {m} 个）</source>
        <translation> ({m} shown)</translation>
    </message>
    <message>
        <source>打开预案库</source>
        <translation>Open library</translation>
    </message>
    <message>
        <source>无法打开预案库</source>
        <translation>Cannot open the library</translation>
    </message>
    <message>
        <source>“{folder}”不是一个文件夹，或已不存在。</source>
        <translation>“{folder}” is not a folder, or no longer exists.</translation>
    </message>
    <message>
        <source>正在读取预案库</source>
        <translation>Reading the library</translation>
    </message>
    <message>
        <source>检查中 %p%</source>
        <translation>Checking %p%</translation>
    </message>
    <message>
        <source>读取中 %p%</source>
        <translation>Reading %p%</translation>
    </message>
    <message>
        <source>读取预案库失败：{m}</source>
        <translation>Reading the library failed: {m}</translation>
    </message>
    <message>
        <source>无法读取预案库</source>
        <translation>Cannot read the library</translation>
    </message>
    <message>
        <source>已取消读取预案库</source>
        <translation>Reading the library was cancelled</translation>
    </message>
    <message>
        <source>已读取 {n} 个文件</source>
        <translation>Read {n} files</translation>
    </message>
    <message>
        <source>打开演练文件</source>
        <translation>Open a drill file</translation>
    </message>
    <message>
        <source>编辑器暂不能编辑演练文件“{name}”。可以用 python -m app validate 检查它，或用文本编辑器修改。</source>
        <translation>The editor cannot edit the drill file “{name}” yet. Check it with python -m app validate, or edit it in a text editor.</translation>
    </message>
    <message>
        <source>已复制 {path}</source>
        <translation>Copied {path}</translation>
    </message>
    <message>
        <source>预案和演练</source>
        <translation>Plans and drills</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>需要处理的问题</source>
        <translation>Issues to resolve</translation>
    </message>
    <message>
        <source>演练</source>
        <translation>Drill</translation>
    </message>
    <message>
        <source>演练：{title}</source>
        <translation>Drill: {title}</translation>
    </message>
    <message>
        <source>上级预案（不在本库中）：{plan}</source>
        <translation>Parent plan (outside this library): {plan}</translation>
    </message>
    <message>
        <source>未关联到预案的演练</source>
        <translation>Drills linked to no plan</translation>
    </message>
    <message>
        <source>需要处理的问题（{n}）</source>
        <translation>Issues to resolve ({n})</translation>
    </message>
    <message>
        <source>需要处理的问题：无。预案之间的链接完整，没有孤立的预案。</source>
        <translation>Issues to resolve: none. Every link resolves and no plan stands alone.</translation>
    </message>
    <message>
        <source>Word 文档 (*.docx)</source>
        <translation>Word documents (*.docx)</translation>
    </message>
    <message>
        <source>位置：{where}</source>
        <translation>Location: {where}</translation>
    </message>
    <message>
        <source>已取消，未写入任何文件</source>
        <translation>Cancelled; nothing was written</translation>
    </message>
    <message>
        <source>导出年度工作计划</source>
        <translation>Export the annual work plan</translation>
    </message>
    <message>
        <source>已导出 {name}（{n} 项工作）</source>
        <translation>Exported {name} ({n} tasks)</translation>
    </message>
    <message>
        <source>导出预案体系</source>
        <translation>Export the plan system</translation>
    </message>
    <message>
        <source>已导出 {name}（体系图 {n} 幅）</source>
        <translation>Exported {name} ({n} diagram pages)</translation>
    </message>
</context>
<context>
    <name>LogController</name>
    <message>
        <source>（完成：{ids}）</source>
        <translation> (done: {ids})</translation>
    </message>
    <message>
        <source>不评估（{reason}）</source>
        <translation>Not evaluated ({reason})</translation>
    </message>
    <message>
        <source>{when} {what}（理由：{reason}）</source>
        <translation>{when} {what} (reason: {reason})</translation>
    </message>
    <message>
        <source>请先在演练记录（F2）中选择一条行动或观察记录</source>
        <translation>First select an action or note in the log (F2)</translation>
    </message>
    <message>
        <source>没有要更正的内容</source>
        <translation>Nothing to correct</translation>
    </message>
    <message>
        <source>撤回</source>
        <translation>Retract</translation>
    </message>
    <message>
        <source>更正</source>
        <translation>Correct</translation>
    </message>
</context>
<context>
    <name>LogModel</name>
    <message>
        <source>行动</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>决策</source>
        <translation>Decision</translation>
    </message>
    <message>
        <source>观察记录</source>
        <translation>Observation</translation>
    </message>
    <message>
        <source>下达注入</source>
        <translation>Inject delivered</translation>
    </message>
    <message>
        <source>跳过注入</source>
        <translation>Inject skipped</translation>
    </message>
    <message>
        <source>临时注入</source>
        <translation>Unplanned inject</translation>
    </message>
    <message>
        <source>抽取情景卡</source>
        <translation>Draw card</translation>
    </message>
    <message>
        <source>放回情景卡</source>
        <translation>Return card</translation>
    </message>
    <message>
        <source>评分</source>
        <translation>Mark</translation>
    </message>
    <message>
        <source>发现问题</source>
        <translation>Finding</translation>
    </message>
    <message>
        <source>更正</source>
        <translation>Correct</translation>
    </message>
    <message>
        <source>评估分析</source>
        <translation>Analysis</translation>
    </message>
    <message>
        <source>撤回</source>
        <translation>Retract</translation>
    </message>
    <message>
        <source>开始</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>暂停</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>继续</source>
        <translation>Resume</translation>
    </message>
    <message>
        <source>时间压缩</source>
        <translation>Time compression</translation>
    </message>
    <message>
        <source>跳转</source>
        <translation>Jump</translation>
    </message>
    <message>
        <source>恢复记录</source>
        <translation>Reopened</translation>
    </message>
    <message>
        <source>结束</source>
        <translation>End</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>人员</source>
        <translation>Who</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>记录中…</source>
        <translation>Recording…</translation>
    </message>
    <message>
        <source>✗ 未记录：{error}</source>
        <translation>✗ Not recorded: {error}</translation>
    </message>
    <message>
        <source>✓ 已记录 · 已撤回</source>
        <translation>✓ Recorded · retracted</translation>
    </message>
    <message>
        <source>✓ 已记录 · 已更正</source>
        <translation>✓ Recorded · corrected</translation>
    </message>
    <message>
        <source>✓ 已记录</source>
        <translation>✓ Recorded</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>新建预案(&amp;N)…</source>
        <translation>&amp;New Plan…</translation>
    </message>
    <message>
        <source>新建一个空白预案</source>
        <translation>Create a blank plan</translation>
    </message>
    <message>
        <source>从模板新建(&amp;T)…</source>
        <translation>New from &amp;Template…</translation>
    </message>
    <message>
        <source>从预案模板新建</source>
        <translation>Create a plan from a template</translation>
    </message>
    <message>
        <source>打开(&amp;O)…</source>
        <translation>&amp;Open…</translation>
    </message>
    <message>
        <source>打开预案文件</source>
        <translation>Open a plan file</translation>
    </message>
    <message>
        <source>打开预案库(&amp;L)…</source>
        <translation>Open Plan &amp;Library…</translation>
    </message>
    <message>
        <source>把一个文件夹中的全部预案和演练作为预案库打开：到期一览、预案体系、年度工作计划</source>
        <translation>Open a folder of plans and drills as a library: due dates, plan system, annual work plan</translation>
    </message>
    <message>
        <source>保存(&amp;S)</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <source>保存当前预案</source>
        <translation>Save the current plan</translation>
    </message>
    <message>
        <source>另存为(&amp;A)…</source>
        <translation>Save &amp;As…</translation>
    </message>
    <message>
        <source>以新文件名保存</source>
        <translation>Save under a new name</translation>
    </message>
    <message>
        <source>导出为 Word(&amp;E)…</source>
        <translation>&amp;Export to Word…</translation>
    </message>
    <message>
        <source>导出为公文格式的 Word 文档</source>
        <translation>Export as a Word document in official-document format</translation>
    </message>
    <message>
        <source>导出应急处置卡(&amp;D)…</source>
        <translation>Export Response Car&amp;ds…</translation>
    </message>
    <message>
        <source>每个指挥机构、工作组一张处置卡，导出为 Word 文档</source>
        <translation>One response card per command body or working group, as a Word document</translation>
    </message>
    <message>
        <source>备案材料(&amp;B)…</source>
        <translation>Filing &amp;package…</translation>
    </message>
    <message>
        <source>生成备案材料：申报表、评审材料、风险评估和资源调查报告、清单</source>
        <translation>Build the filing package: application form, review material, risk and resource reports, checklist</translation>
    </message>
    <message>
        <source>关闭文件(&amp;C)</source>
        <translation>&amp;Close File</translation>
    </message>
    <message>
        <source>关闭当前预案</source>
        <translation>Close the current plan</translation>
    </message>
    <message>
        <source>首选项(&amp;P)…</source>
        <translation>&amp;Preferences…</translation>
    </message>
    <message>
        <source>语言、自动保存和导出设置</source>
        <translation>Language, autosave and export settings</translation>
    </message>
    <message>
        <source>退出(&amp;X)</source>
        <translation>E&amp;xit</translation>
    </message>
    <message>
        <source>退出 PlanDrill</source>
        <translation>Quit PlanDrill</translation>
    </message>
    <message>
        <source>撤销(&amp;U)</source>
        <translation>&amp;Undo</translation>
    </message>
    <message>
        <source>撤销上一步修改</source>
        <translation>Undo the last change</translation>
    </message>
    <message>
        <source>重做(&amp;R)</source>
        <translation>&amp;Redo</translation>
    </message>
    <message>
        <source>重做撤销的修改</source>
        <translation>Redo the undone change</translation>
    </message>
    <message>
        <source>查找(&amp;F)…</source>
        <translation>&amp;Find…</translation>
    </message>
    <message>
        <source>在整个预案中查找</source>
        <translation>Find anywhere in the plan</translation>
    </message>
    <message>
        <source>替换(&amp;H)…</source>
        <translation>Rep&amp;lace…</translation>
    </message>
    <message>
        <source>在整个预案中查找并替换</source>
        <translation>Find and replace in the whole plan</translation>
    </message>
    <message>
        <source>查找下一个</source>
        <translation>Find Next</translation>
    </message>
    <message>
        <source>跳到下一个查找结果</source>
        <translation>Go to the next match</translation>
    </message>
    <message>
        <source>查找上一个</source>
        <translation>Find Previous</translation>
    </message>
    <message>
        <source>跳到上一个查找结果</source>
        <translation>Go to the previous match</translation>
    </message>
    <message>
        <source>重新检查(&amp;K)</source>
        <translation>Chec&amp;k Again</translation>
    </message>
    <message>
        <source>立即重新检查预案</source>
        <translation>Check the plan again now</translation>
    </message>
    <message>
        <source>下一个问题</source>
        <translation>Next Problem</translation>
    </message>
    <message>
        <source>跳到下一个问题</source>
        <translation>Go to the next problem</translation>
    </message>
    <message>
        <source>上一个问题</source>
        <translation>Previous Problem</translation>
    </message>
    <message>
        <source>跳到上一个问题</source>
        <translation>Go to the previous problem</translation>
    </message>
    <message>
        <source>问题面板(&amp;P)</source>
        <translation>&amp;Problems Panel</translation>
    </message>
    <message>
        <source>显示或隐藏问题面板</source>
        <translation>Show or hide the problems panel</translation>
    </message>
    <message>
        <source>快捷键(&amp;K)</source>
        <translation>&amp;Keyboard Shortcuts</translation>
    </message>
    <message>
        <source>列出所有快捷键</source>
        <translation>List all keyboard shortcuts</translation>
    </message>
    <message>
        <source>关于 PlanDrill(&amp;A)</source>
        <translation>&amp;About PlanDrill</translation>
    </message>
    <message>
        <source>版本和说明</source>
        <translation>Version and notes</translation>
    </message>
    <message>
        <source>剪切(&amp;T)</source>
        <translation>Cu&amp;t</translation>
    </message>
    <message>
        <source>复制(&amp;C)</source>
        <translation>&amp;Copy</translation>
    </message>
    <message>
        <source>粘贴(&amp;P)</source>
        <translation>&amp;Paste</translation>
    </message>
    <message>
        <source>表格中为所选的整块单元格，可与 Excel/WPS 互相粘贴</source>
        <translation>In a table: the selected block of cells, to and from Excel/WPS</translation>
    </message>
    <message>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>最近打开(&amp;R)</source>
        <translation>Open &amp;Recent</translation>
    </message>
    <message>
        <source>编辑(&amp;E)</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <source>章节(&amp;S)</source>
        <translation>&amp;Sections</translation>
    </message>
    <message>
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>界面语言(&amp;L)</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>工具栏</source>
        <translation>Toolbar</translation>
    </message>
    <message>
        <source>问题</source>
        <translation>Problems</translation>
    </message>
    <message>
        <source>未命名预案</source>
        <translation>Untitled plan</translation>
    </message>
    <message>
        <source>PlanDrill 应急预案与演练工作台</source>
        <translation>PlanDrill — Emergency Plans and Drills</translation>
    </message>
    <message>
        <source>（未保存的新文件）</source>
        <translation>(new file, not saved yet)</translation>
    </message>
    <message>
        <source>错误 {e} · 警告 {w} · 提示 {i}</source>
        <translation>Errors {e} · Warnings {w} · Notes {i}</translation>
    </message>
    <message>
        <source>正在检查…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>问题（{n}）</source>
        <translation>Problems ({n})</translation>
    </message>
    <message>
        <source>撤销“{what}”(&amp;U)</source>
        <translation>&amp;Undo “{what}”</translation>
    </message>
    <message>
        <source>重做“{what}”(&amp;R)</source>
        <translation>&amp;Redo “{what}”</translation>
    </message>
    <message>
        <source>PlanDrill 文件 ({patterns})</source>
        <translation>PlanDrill files ({patterns})</translation>
    </message>
    <message>
        <source>YAML 文件 (*.yaml *.yml)</source>
        <translation>YAML files (*.yaml *.yml)</translation>
    </message>
    <message>
        <source>所有文件 (*)</source>
        <translation>All files (*)</translation>
    </message>
    <message>
        <source>打开</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>正在打开 {name}…</source>
        <translation>Opening {name}…</translation>
    </message>
    <message>
        <source>文件有 {n} 处内容无法读取，已略去；详见问题面板。</source>
        <translation>{n} values in the file could not be read and were left out; see the problems panel.</translation>
    </message>
    <message>
        <source>文件有格式错误，详见问题面板。</source>
        <translation>The file has format errors; see the problems panel.</translation>
    </message>
    <message>
        <source>已打开 {name}</source>
        <translation>Opened {name}</translation>
    </message>
    <message>
        <source>无法打开文件</source>
        <translation>Cannot open the file</translation>
    </message>
    <message>
        <source>无法打开“{name}”：</source>
        <translation>Cannot open “{name}”:</translation>
    </message>
    <message>
        <source>位置：{where}</source>
        <translation>Location: {where}</translation>
    </message>
    <message>
        <source>另存为</source>
        <translation>Save As</translation>
    </message>
    <message>
        <source>正在保存 {name}…</source>
        <translation>Saving {name}…</translation>
    </message>
    <message>
        <source>保存失败</source>
        <translation>Save failed</translation>
    </message>
    <message>
        <source>无法保存“{name}”：</source>
        <translation>Cannot save “{name}”:</translation>
    </message>
    <message>
        <source>您的修改仍在本窗口中，没有丢失。可以换个位置另存。</source>
        <translation>Your changes are still in this window; nothing is lost. You can save them somewhere else.</translation>
    </message>
    <message>
        <source>已保存 {name}</source>
        <translation>Saved {name}</translation>
    </message>
    <message>
        <source>比较两个版本</source>
        <translation>Compare the two versions</translation>
    </message>
    <message>
        <source>正在读取 {name}…</source>
        <translation>Reading {name}…</translation>
    </message>
    <message>
        <source>无法读取磁盘上的版本：</source>
        <translation>Cannot read the version on disk:</translation>
    </message>
    <message>
        <source>磁盘上的版本与本窗口中的内容相同。</source>
        <translation>The version on disk is the same as this window&apos;s content.</translation>
    </message>
    <message>
        <source>左为磁盘上的版本（他人保存的），右为本窗口中的版本，共 {n} 处不同：</source>
        <translation>Left: the version on disk (saved by someone else); right: this window&apos;s version. {n} differences:</translation>
    </message>
    <message>
        <source>清除列表</source>
        <translation>Clear List</translation>
    </message>
    <message>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>文件不存在</source>
        <translation>File not found</translation>
    </message>
    <message>
        <source>“{path}”已不存在，已从最近打开列表中移除。</source>
        <translation>“{path}” no longer exists and was removed from the recent files.</translation>
    </message>
    <message>
        <source>这是示例文件，可以随意修改；保存时会请您另选位置。</source>
        <translation>This is a sample: change it as you like. Saving asks you for a place of your own.</translation>
    </message>
    <message>
        <source>文件已被删除或移走</source>
        <translation>The file was deleted or moved</translation>
    </message>
    <message>
        <source>“{name}”已不在磁盘上。您的内容仍在本窗口中，请保存以免丢失。</source>
        <translation>“{name}” is no longer on disk. Your content is still in this window; save it so it is not lost.</translation>
    </message>
    <message>
        <source>已保留本窗口中的版本；保存时会询问是否覆盖磁盘上的新版本。</source>
        <translation>Kept the version in this window; saving will ask before overwriting the newer version on disk.</translation>
    </message>
    <message>
        <source>正在重新载入 {name}…</source>
        <translation>Reloading {name}…</translation>
    </message>
    <message>
        <source>已重新载入 {name}</source>
        <translation>Reloaded {name}</translation>
    </message>
    <message>
        <source>自动保存失败：{m}</source>
        <translation>Autosave failed: {m}</translation>
    </message>
    <message>
        <source>已恢复自动保存的内容，请检查后保存。</source>
        <translation>Restored the autosaved content; check it, then save.</translation>
    </message>
    <message>
        <source>无法定位到该问题所在位置</source>
        <translation>Cannot find where this problem is</translation>
    </message>
    <message>
        <source>导出应急处置卡</source>
        <translation>Export Response Cards</translation>
    </message>
    <message>
        <source>导出为 Word</source>
        <translation>Export to Word</translation>
    </message>
    <message>
        <source>Word 文档 (*.docx)</source>
        <translation>Word documents (*.docx)</translation>
    </message>
    <message>
        <source>已导出 {name}</source>
        <translation>Exported {name}</translation>
    </message>
    <message>
        <source>已导出“{name}”，请注意：</source>
        <translation>Exported “{name}”. Please note:</translation>
    </message>
    <message>
        <source>生成备案材料</source>
        <translation>Build the filing package</translation>
    </message>
    <message>
        <source>已生成备案材料 {name}</source>
        <translation>Filing package written: {name}</translation>
    </message>
    <message>
        <source>已生成备案材料：{path}</source>
        <translation>Wrote the filing package: {path}</translation>
    </message>
    <message>
        <source>压缩包：{path}</source>
        <translation>Zip: {path}</translation>
    </message>
    <message>
        <source>有 {n} 处缺项或待补充内容，已在材料中标出，并列在“{name}”中。</source>
        <translation>{n} gap(s) are marked in the documents and listed in “{name}”.</translation>
    </message>
    <message>
        <source>已取消</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>Ins / Ctrl+Del / Alt+↑↓	表格中添加、删除、移动行</source>
        <translation>Ins / Ctrl+Del / Alt+↑↓	Add, delete, move table rows</translation>
    </message>
    <message>
        <source>Delete	清空表格中所选单元格</source>
        <translation>Delete	Clear the selected table cells</translation>
    </message>
    <message>
        <source>Ctrl+C / Ctrl+X / Ctrl+V	表格中复制、剪切、粘贴整块单元格（与 Excel/WPS 互通）</source>
        <translation>Ctrl+C / Ctrl+X / Ctrl+V	Copy, cut, paste blocks of cells in a table (to and from Excel/WPS)</translation>
    </message>
    <message>
        <source>Enter / Tab / Ctrl+D	表格中确认并下移 / 右移 / 向下填充</source>
        <translation>Enter / Tab / Ctrl+D	In a table: confirm and move down / right, fill down</translation>
    </message>
    <message>
        <source>快捷键</source>
        <translation>Keyboard Shortcuts</translation>
    </message>
</context>
<context>
    <name>MarkBar</name>
    <message>
        <source>评估人：</source>
        <translation>Evaluator:</translation>
    </message>
    <message>
        <source>备注：</source>
        <translation>Note:</translation>
    </message>
    <message>
        <source>评分（回车）</source>
        <translation>Mark (Enter)</translation>
    </message>
    <message>
        <source>不评估…</source>
        <translation>Leave out…</translation>
    </message>
    <message>
        <source>说明理由后将所选评估项记为不评估，不计入结论</source>
        <translation>Leave the selected criterion out of the evaluation, with a reason</translation>
    </message>
    <message>
        <source>0–100 分，回车记录</source>
        <translation>0–100, Enter records</translation>
    </message>
    <message>
        <source>达到 / 部分达到 / 未达到，回车记录</source>
        <translation>Achieved / partly / not achieved, Enter records</translation>
    </message>
    <message>
        <source>评分依据，回车记录</source>
        <translation>Basis of the mark, Enter records</translation>
    </message>
    <message>
        <source>评定：</source>
        <translation>Level:</translation>
    </message>
    <message>
        <source>评分：</source>
        <translation>Score:</translation>
    </message>
    <message>
        <source>（未指定）</source>
        <translation>(none)</translation>
    </message>
</context>
<context>
    <name>MarkingController</name>
    <message>
        <source>请先在列表中选择评估项（F3）</source>
        <translation>Select a criterion in the list first (F3)</translation>
    </message>
    <message>
        <source>不评估（{reason}）</source>
        <translation>Not evaluated ({reason})</translation>
    </message>
</context>
<context>
    <name>MetaEditor</name>
    <message>
        <source>按预案类型默认（{style}）</source>
        <translation>Default for the plan kind ({style})</translation>
    </message>
    <message>
        <source>预案</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>日期与签批</source>
        <translation>Dates and sign-off</translation>
    </message>
    <message>
        <source>政府和基层组织预案以公文印发：勾选以填写发文字号、主送、抄送和印发机关</source>
        <translation>Government and grassroots plans are issued as official documents: tick to fill in the document number, addressees, copies and printing office</translation>
    </message>
    <message>
        <source>勾选以填写评审或论证信息（办法第二十一条规定哪些单位须评审）</source>
        <translation>Tick to enter the expert review or demonstration (Art. 21 of the Measures says which units need a review)</translation>
    </message>
</context>
<context>
    <name>MetaPage</name>
    <message>
        <source>演练基本信息</source>
        <translation>Drill details</translation>
    </message>
    <message>
        <source>演练</source>
        <translation>Drill</translation>
    </message>
    <message>
        <source>时间与地点</source>
        <translation>Time and place</translation>
    </message>
    <message>
        <source>双盲演练（参演人员事先不知道演练时间、地点和情景）</source>
        <translation>Double-blind (players do not know the time, place or scenario in advance)</translation>
    </message>
    <message>
        <source>选择预案文件…</source>
        <translation>Choose plan file…</translation>
    </message>
    <message>
        <source>未关联预案：期望行动和评估项无法对应到预案的处置步骤。</source>
        <translation>No plan linked: expected actions and criteria cannot be tied to the plan&apos;s procedure steps.</translation>
    </message>
    <message>
        <source>保存演练文件后才能读取关联的预案（路径相对于演练文件）。</source>
        <translation>Save the drill file to read the linked plan (its path is relative to the drill file).</translation>
    </message>
    <message>
        <source>已关联：{title}（{n} 个处置步骤）</source>
        <translation>Linked: {title} ({n} procedure steps)</translation>
    </message>
    <message>
        <source>正在读取预案…</source>
        <translation>Reading the plan…</translation>
    </message>
    <message>
        <source>（未指定）</source>
        <translation>(not set)</translation>
    </message>
    <message>
        <source>⚠ {id}（预案中没有）</source>
        <translation>⚠ {id} (not in the plan)</translation>
    </message>
    <message>
        <source>选择演练检验的预案</source>
        <translation>Choose the plan the drill exercises</translation>
    </message>
    <message>
        <source>预案文件 (*.plan.yaml)</source>
        <translation>Plan files (*.plan.yaml)</translation>
    </message>
    <message>
        <source>关联预案</source>
        <translation>Link plan</translation>
    </message>
</context>
<context>
    <name>OpenButtons</name>
    <message>
        <source>打开文件</source>
        <translation>Open file</translation>
    </message>
    <message>
        <source>打开所在文件夹</source>
        <translation>Open folder</translation>
    </message>
</context>
<context>
    <name>OrganizationEditor</name>
    <message>
        <source>设立应急指挥机构</source>
        <translation>Add Command Body</translation>
    </message>
    <message>
        <source>设立办事机构</source>
        <translation>Add Office</translation>
    </message>
    <message>
        <source>添加工作组（Ins）</source>
        <translation>Add a working group (Ins)</translation>
    </message>
    <message>
        <source>应急指挥部</source>
        <translation>应急指挥部</translation>
    </message>
    <message>
        <source>应急办公室</source>
        <translation>应急办公室</translation>
    </message>
</context>
<context>
    <name>OutlineModel</name>
    <message>
        <source>（无标题）</source>
        <translation>(untitled)</translation>
    </message>
    <message>
        <source>正文</source>
        <translation>Plan text</translation>
    </message>
    <message>
        <source>对应要素：{element}</source>
        <translation>Standard element: {element}</translation>
    </message>
    <message>
        <source>预案正文的章节；拖动可调整顺序和层级</source>
        <translation>The sections of the plan; drag to change order and level</translation>
    </message>
    <message>
        <source>演练发现的待整改问题：</source>
        <translation>Open findings of drills:</translation>
    </message>
    <message>
        <source>……共 {n} 项</source>
        <translation>… {n} in all</translation>
    </message>
    <message>
        <source>移动章节</source>
        <translation>Move Section</translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <source>正文目录</source>
        <translation>Contents</translation>
    </message>
    <message>
        <source>标题编号按大纲自动生成。点击标题可编辑该章节；在左侧大纲中拖动章节，或用“章节”菜单调整顺序和层级。</source>
        <translation>Heading numbers come from the outline. Click a heading to edit that section; drag sections in the outline on the left, or use the Sections menu, to change order and level.</translation>
    </message>
    <message>
        <source>添加章节</source>
        <translation>Add Section</translation>
    </message>
    <message>
        <source>附件按顺序编号为附件1、附件2……点击标题可编辑。</source>
        <translation>Appendices are numbered 附件1, 附件2… in order. Click a heading to edit it.</translation>
    </message>
    <message>
        <source>添加附件</source>
        <translation>Add Appendix</translation>
    </message>
    <message>
        <source>（无内容）</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <source>（无标题）</source>
        <translation>(untitled)</translation>
    </message>
    <message>
        <source>还没有内容。</source>
        <translation>Nothing here yet.</translation>
    </message>
</context>
<context>
    <name>ParticipantsPage</name>
    <message>
        <source>参演人员扮演预案中的工作组（“扮演的工作组”从关联预案中选择）。控制台的执行方按钮来自参演人员和模拟人员；观摩人员和参演人员看不到脚本。</source>
        <translation>Players play the plan&apos;s working groups (pick “Plays” from the linked plan). The console&apos;s “who” buttons come from players and simulators; players and observers never see the script.</translation>
    </message>
</context>
<context>
    <name>PlanEditor</name>
    <message>
        <source>添加章节</source>
        <translation>Add Section</translation>
    </message>
    <message>
        <source>添加下级章节</source>
        <translation>Add Subsection</translation>
    </message>
    <message>
        <source>删除章节</source>
        <translation>Delete Section</translation>
    </message>
    <message>
        <source>降为下级</source>
        <translation>Indent</translation>
    </message>
    <message>
        <source>升为上级</source>
        <translation>Outdent</translation>
    </message>
    <message>
        <source>上移章节</source>
        <translation>Move Section Up</translation>
    </message>
    <message>
        <source>下移章节</source>
        <translation>Move Section Down</translation>
    </message>
    <message>
        <source>新附件</source>
        <translation>新附件</translation>
    </message>
    <message>
        <source>新章节</source>
        <translation>新章节</translation>
    </message>
    <message>
        <source>移动章节</source>
        <translation>Move Section</translation>
    </message>
</context>
<context>
    <name>PlanFindings</name>
    <message>
        <source>，已逾期</source>
        <translation>, overdue</translation>
    </message>
    <message>
        <source>期限 {due}</source>
        <translation>due {due}</translation>
    </message>
    <message>
        <source>责任人 {owner}</source>
        <translation>owner {owner}</translation>
    </message>
    <message>
        <source>关闭问题 {id} 并记录修订</source>
        <translation>Close finding {id} and record the revision</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>首选项</source>
        <translation>Preferences</translation>
    </message>
    <message>
        <source>界面语言：</source>
        <translation>Language:</translation>
    </message>
    <message>
        <source>自动保存间隔：</source>
        <translation>Autosave every:</translation>
    </message>
    <message>
        <source> 秒</source>
        <translation> s</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Off</translation>
    </message>
    <message>
        <source>每隔多少秒把未保存的修改写入恢复文件；0 表示关闭自动保存。</source>
        <translation>How often unsaved changes are written to a recovery file, in seconds; 0 turns autosave off.</translation>
    </message>
    <message>
        <source>默认导出文件夹：</source>
        <translation>Default export folder:</translation>
    </message>
    <message>
        <source>留空则导出到预案文件所在文件夹</source>
        <translation>Leave empty to export next to the plan file</translation>
    </message>
    <message>
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>选择默认导出文件夹</source>
        <translation>Choose the default export folder</translation>
    </message>
</context>
<context>
    <name>PresenterWindow</name>
    <message>
        <source>演练投影</source>
        <translation>Drill projection</translation>
    </message>
    <message>
        <source>应急演练</source>
        <translation>Emergency drill</translation>
    </message>
    <message>
        <source>演练已开始</source>
        <translation>The drill has started</translation>
    </message>
    <message>
        <source>演练即将开始</source>
        <translation>The drill is about to start</translation>
    </message>
    <message>
        <source>此前：{items}</source>
        <translation>Earlier: {items}</translation>
    </message>
    <message>
        <source>第 {n} 条</source>
        <translation>No. {n}</translation>
    </message>
    <message>
        <source>全体参演人员</source>
        <translation>All participants</translation>
    </message>
    <message>
        <source>未开始</source>
        <translation>Not started</translation>
    </message>
    <message>
        <source>已暂停</source>
        <translation>Paused</translation>
    </message>
    <message>
        <source>演练结束</source>
        <translation>Drill ended</translation>
    </message>
</context>
<context>
    <name>ProblemsModel</name>
    <message>
        <source>级别</source>
        <translation>Severity</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>位置</source>
        <translation>Where</translation>
    </message>
    <message>
        <source>行</source>
        <translation>Line</translation>
    </message>
    <message>
        <source>{where}（文件第 {line} 行）</source>
        <translation>{where} (line {line} of the file)</translation>
    </message>
    <message>
        <source>文件第 {line} 行</source>
        <translation>Line {line} of the file</translation>
    </message>
</context>
<context>
    <name>ProceduresEditor</name>
    <message>
        <source>先在上方添加或选择一个处置程序，再编辑它的处置步骤。</source>
        <translation>Add or select a procedure above, then edit its steps here.</translation>
    </message>
    <message>
        <source>{steps}：{title}</source>
        <translation>{steps}: {title}</translation>
    </message>
</context>
<context>
    <name>ProseEdit</name>
    <message>
        <source>粘贴图片</source>
        <translation>Paste picture</translation>
    </message>
    <message>
        <source>图题</source>
        <translation>Caption</translation>
    </message>
    <message>
        <source>图题：</source>
        <translation>Caption:</translation>
    </message>
    <message>
        <source>在下方插入行</source>
        <translation>Insert row below</translation>
    </message>
    <message>
        <source>在右侧插入列</source>
        <translation>Insert column right</translation>
    </message>
    <message>
        <source>删除行</source>
        <translation>Delete row</translation>
    </message>
    <message>
        <source>删除列</source>
        <translation>Delete column</translation>
    </message>
    <message>
        <source>修改图题…</source>
        <translation>Change caption…</translation>
    </message>
</context>
<context>
    <name>ProseTools</name>
    <message>
        <source>加粗（Ctrl+B）</source>
        <translation>Bold (Ctrl+B)</translation>
    </message>
    <message>
        <source>强调（Ctrl+I）</source>
        <translation>Emphasis (Ctrl+I)</translation>
    </message>
    <message>
        <source>列表</source>
        <translation>List</translation>
    </message>
    <message>
        <source>编号列表</source>
        <translation>Numbered list</translation>
    </message>
    <message>
        <source>表格</source>
        <translation>Table</translation>
    </message>
    <message>
        <source>插入表格</source>
        <translation>Insert table</translation>
    </message>
    <message>
        <source>图片</source>
        <translation>Picture</translation>
    </message>
    <message>
        <source>插入图片（复制到预案文件旁的 images 文件夹）</source>
        <translation>Insert a picture (copied into the images folder beside the plan)</translation>
    </message>
    <message>
        <source>行数（不含表头）：</source>
        <translation>Rows (without the header):</translation>
    </message>
    <message>
        <source>列数：</source>
        <translation>Columns:</translation>
    </message>
    <message>
        <source>列{n}</source>
        <translation>Column {n}</translation>
    </message>
    <message>
        <source>插入图片</source>
        <translation>Insert picture</translation>
    </message>
    <message>
        <source>图题：</source>
        <translation>Caption:</translation>
    </message>
</context>
<context>
    <name>RecordTableModel</name>
    <message>
        <source>指挥</source>
        <translation>Cmd</translation>
    </message>
    <message>
        <source>办事</source>
        <translation>Office</translation>
    </message>
    <message>
        <source>每行一项</source>
        <translation>One item per line</translation>
    </message>
    <message>
        <source>从已有条目中选择</source>
        <translation>Pick from the existing entries</translation>
    </message>
    <message>
        <source>编号用于相互引用，须唯一，不能含空格</source>
        <translation>Ids are used for references: unique, no spaces</translation>
    </message>
    <message>
        <source>“{id}”不存在，请重新选择</source>
        <translation>“{id}” does not exist; pick again</translation>
    </message>
    <message>
        <source>编号：{id}</source>
        <translation>Id: {id}</translation>
    </message>
    <message>
        <source>修改“{field}”</source>
        <translation>Change “{field}”</translation>
    </message>
    <message>
        <source>修改编号</source>
        <translation>Change id</translation>
    </message>
    <message>
        <source>添加行</source>
        <translation>Add Row</translation>
    </message>
    <message>
        <source>删除 {n} 行</source>
        <translation>Delete {n} Rows</translation>
    </message>
    <message>
        <source>删除行</source>
        <translation>Delete Row</translation>
    </message>
    <message>
        <source>移动行</source>
        <translation>Move Row</translation>
    </message>
</context>
<context>
    <name>RoomHook</name>
    <message>
        <source>开启演练室…</source>
        <translation>Open the drill room…</translation>
    </message>
    <message>
        <source>开启或关闭演练室：各席位、评估人员和投屏用自己的设备加入</source>
        <translation>Open or close the drill room: seats, evaluators and the projector join on their own devices</translation>
    </message>
    <message>
        <source>演练室提交</source>
        <translation>Drill room submission</translation>
    </message>
    <message>
        <source>开启演练室</source>
        <translation>Open the drill room</translation>
    </message>
    <message>
        <source>设备通过哪个网络地址访问本机（局域网或热点）：</source>
        <translation>The network address devices use to reach this computer (LAN or hotspot):</translation>
    </message>
</context>
<context>
    <name>RoomPanel</name>
    <message>
        <source>演练室</source>
        <translation>Drill room</translation>
    </message>
    <message>
        <source>用手机扫描席位或角色的二维码加入；点“全屏显示”可把一个二维码放大到整个屏幕。</source>
        <translation>Scan your seat&apos;s or role&apos;s QR code with a phone to join; &apos;Full screen&apos; shows one code over the whole screen.</translation>
    </message>
    <message>
        <source>已连接的设备</source>
        <translation>Connected devices</translation>
    </message>
    <message>
        <source>席位/角色</source>
        <translation>Seat / role</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>连接时间</source>
        <translation>Connected at</translation>
    </message>
    <message>
        <source>浏览器</source>
        <translation>Browser</translation>
    </message>
    <message>
        <source>关闭演练室</source>
        <translation>Close the drill room</translation>
    </message>
    <message>
        <source>演练室已开启：{url}（仅限本机所选网络地址）</source>
        <translation>Drill room open: {url} (on the chosen network address only)</translation>
    </message>
    <message>
        <source>全屏显示</source>
        <translation>Full screen</translation>
    </message>
    <message>
        <source>复制链接</source>
        <translation>Copy link</translation>
    </message>
    <message>
        <source>收回并换新链接</source>
        <translation>Revoke and issue a new link</translation>
    </message>
</context>
<context>
    <name>SectionEditor</name>
    <message>
        <source>本章节对应标准或办法中的哪个要素；用于完整性检查</source>
        <translation>Which element of the standard or the Measures this section covers; used by the completeness check</translation>
    </message>
    <message>
        <source>导出时在本章节正文后插入该表格</source>
        <translation>Print this table after the section text when exporting</translation>
    </message>
    <message>
        <source>从 Word/WPS 粘贴时保留加粗、列表和表格；图片保存在预案文件旁的 images 文件夹中。标题编号按大纲自动生成，无需输入；在左侧大纲中拖动章节可调整顺序和层级。</source>
        <translation>A paste from Word/WPS keeps bold text, lists and tables; pictures are kept in the images folder beside the plan. Heading numbers follow the outline, no need to type them; drag sections in the outline on the left to reorder or re-level them.</translation>
    </message>
    <message>
        <source>在此输入本章节正文。</source>
        <translation>Type this section&apos;s text here.</translation>
    </message>
    <message>
        <source>（无标题）</source>
        <translation>(untitled)</translation>
    </message>
    <message>
        <source>（未指定）</source>
        <translation>(not set)</translation>
    </message>
    <message>
        <source>⚠ {id}（本类预案无此要素）</source>
        <translation>⚠ {id} (not an element of this plan kind)</translation>
    </message>
    <message>
        <source>修改章节标题</source>
        <translation>Change Section Title</translation>
    </message>
    <message>
        <source>输入正文</source>
        <translation>Typing</translation>
    </message>
    <message>
        <source>设置对应要素</source>
        <translation>Set Standard Element</translation>
    </message>
    <message>
        <source>设置插入的表格</source>
        <translation>Set Tables Placed Here</translation>
    </message>
</context>
<context>
    <name>SessionRunner</name>
    <message>
        <source>打开演练记录</source>
        <translation>Open the drill record</translation>
    </message>
</context>
<context>
    <name>TableEditor</name>
    <message>
        <source>添加</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>上移</source>
        <translation>Up</translation>
    </message>
    <message>
        <source>下移</source>
        <translation>Down</translation>
    </message>
    <message>
        <source>复制</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>剪切</source>
        <translation>Cut</translation>
    </message>
    <message>
        <source>粘贴</source>
        <translation>Paste</translation>
    </message>
    <message>
        <source>向下填充</source>
        <translation>Fill down</translation>
    </message>
    <message>
        <source>在上方插入行</source>
        <translation>Insert row above</translation>
    </message>
    <message>
        <source>恢复预案中的顺序</source>
        <translation>Back to the plan order</translation>
    </message>
    <message>
        <source>输入文字筛选</source>
        <translation>Type to filter</translation>
    </message>
    <message>
        <source>直接输入即可编辑，Enter 确认并下移，Tab 右移；可与 Excel/WPS 互相复制粘贴整块单元格；Ctrl+D 向下填充，Delete 清空。</source>
        <translation>Type to edit; Enter confirms and moves down, Tab moves right. Copy and paste blocks of cells to and from Excel/WPS; Ctrl+D fills down, Delete clears.</translation>
    </message>
    <message>
        <source>点击列标题排序。右键查看更多操作。</source>
        <translation>Click a header to sort. Right-click for more.</translation>
    </message>
    <message>
        <source>删除所选行</source>
        <translation>Delete selected rows</translation>
    </message>
    <message>
        <source>显示编号</source>
        <translation>Show ids</translation>
    </message>
    <message>
        <source>编号由程序生成，供相互引用；一般无需查看</source>
        <translation>Ids are generated for references; usually there is no need to see them</translation>
    </message>
    <message>
        <source>粘贴 {n} 个单元格</source>
        <translation>Paste {n} cells</translation>
    </message>
    <message>
        <source>在下方插入行</source>
        <translation>Insert row below</translation>
    </message>
    <message>
        <source>清空单元格</source>
        <translation>Clear Cells</translation>
    </message>
</context>
<context>
    <name>TemplateWizard</name>
    <message>
        <source>从模板新建预案</source>
        <translation>New Plan from Template</translation>
    </message>
</context>
<context>
    <name>TimelineStrip</name>
    <message>
        <source>{id} 等 {n} 条</source>
        <translation>{id} and {n} more</translation>
    </message>
</context>
<context>
    <name>ValuesPage</name>
    <message>
        <source>填写模板信息</source>
        <translation>Fill in the template</translation>
    </message>
    <message>
        <source>留空的项保留模板中的“【待填写】”标记，检查会提示您稍后补上。带 * 的项必须填写。</source>
        <translation>Fields left empty keep the template&apos;s “【待填写】” marker, which the checks remind you to fill in later. Fields marked * are required.</translation>
    </message>
    <message>
        <source>用示例值填充</source>
        <translation>Fill In Examples</translation>
    </message>
    <message>
        <source>例：{example}</source>
        <translation>e.g. {example}</translation>
    </message>
    <message>
        <source>日期，如 2026-03-15 或 2026年3月15日</source>
        <translation>A date, e.g. 2026-03-15</translation>
    </message>
    <message>
        <source>留空时为：{default}</source>
        <translation>If left empty: {default}</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>PlanDrill 应急预案与演练工作台</source>
        <translation>PlanDrill — Emergency Plans and Drills</translation>
    </message>
    <message>
        <source>版本 {version}</source>
        <translation>Version {version}</translation>
    </message>
    <message>
        <source>新建或打开一个预案开始工作；也可以把 .plan.yaml 文件拖到此窗口。第一次使用，可以先打开示例看看。</source>
        <translation>Create or open a plan to start; you can also drop a .plan.yaml file on this window. New here? Open the sample first.</translation>
    </message>
    <message>
        <source>开始</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>新建空白预案…</source>
        <translation>New Blank Plan…</translation>
    </message>
    <message>
        <source>选择预案类型，按标准要素生成提纲</source>
        <translation>Pick the kind of plan; the outline follows the standard&apos;s elements</translation>
    </message>
    <message>
        <source>从模板新建…</source>
        <translation>New from Template…</translation>
    </message>
    <message>
        <source>从适合本单位的预案模板开始，填写几项信息</source>
        <translation>Start from a template that suits your organisation and fill in a few details</translation>
    </message>
    <message>
        <source>打开…</source>
        <translation>Open…</translation>
    </message>
    <message>
        <source>打开 .plan.yaml 预案文件</source>
        <translation>Open a .plan.yaml plan file</translation>
    </message>
    <message>
        <source>打开预案库…</source>
        <translation>Open a plan library…</translation>
    </message>
    <message>
        <source>把一个文件夹当作预案库：到期提醒、预案体系、年度工作计划</source>
        <translation>Use a folder as a plan library: due dates, the plan system, the annual work plan</translation>
    </message>
    <message>
        <source>示例</source>
        <translation>Samples</translation>
    </message>
    <message>
        <source>示例演练：{name}</source>
        <translation>Sample drill: {name}</translation>
    </message>
    <message>
        <source>与示例预案配套的演练</source>
        <translation>A drill that exercises the sample plan</translation>
    </message>
    <message>
        <source>示例预案：{name}</source>
        <translation>Sample plan: {name}</translation>
    </message>
    <message>
        <source>示范化工企业的综合应急预案，可随意查看、修改和导出；【待填写】处是要按实际填写的内容</source>
        <translation>A model chemical plant&apos;s comprehensive plan to look through, change and export; 【待填写】 marks what a real unit fills in</translation>
    </message>
    <message>
        <source>示例文件不会被改动：保存时会请您另选位置。</source>
        <translation>The sample itself stays as it is: saving asks you for another place.</translation>
    </message>
    <message>
        <source>最近打开</source>
        <translation>Recent Files</translation>
    </message>
    <message>
        <source>还没有最近打开的文件。打开或保存过的预案会列在这里。</source>
        <translation>No recent files yet. Plans you open or save are listed here.</translation>
    </message>
    <message>
        <source>清除列表</source>
        <translation>Clear List</translation>
    </message>
    <message>
        <source>界面语言：</source>
        <translation>Language:</translation>
    </message>
</context>
<context>
    <name>WhoButtons</name>
    <message>
        <source>其他执行方…</source>
        <translation>Other teams…</translation>
    </message>
</context>
<context>
    <name>dialogs</name>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>尚未保存</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <source>“{name}”有尚未保存的修改。</source>
        <translation>“{name}” has unsaved changes.</translation>
    </message>
    <message>
        <source>关闭前是否保存？</source>
        <translation>Save them before closing?</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>不保存</source>
        <translation>Don&apos;t Save</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>重新载入将丢弃您在本窗口中尚未保存的修改。</source>
        <translation>Reloading discards the unsaved changes in this window.</translation>
    </message>
    <message>
        <source>是否载入磁盘上的新版本？</source>
        <translation>Load the new version from disk?</translation>
    </message>
    <message>
        <source>文件已在外部修改</source>
        <translation>File changed on disk</translation>
    </message>
    <message>
        <source>“{name}”已被其他程序修改。</source>
        <translation>“{name}” was changed by another program.</translation>
    </message>
    <message>
        <source>重新载入</source>
        <translation>Reload</translation>
    </message>
    <message>
        <source>保留我的版本</source>
        <translation>Keep Mine</translation>
    </message>
    <message>
        <source>未命名</source>
        <translation>Untitled</translation>
    </message>
    <message>
        <source>恢复未保存的工作</source>
        <translation>Restore unsaved work</translation>
    </message>
    <message>
        <source>PlanDrill 上次未正常退出，以下文件有自动保存的内容：</source>
        <translation>PlanDrill did not close normally last time. Autosaved content exists for:</translation>
    </message>
    <message>
        <source>是否恢复？恢复后请检查内容并保存。</source>
        <translation>Restore it? Check the content afterwards and save.</translation>
    </message>
    <message>
        <source>恢复</source>
        <translation>Restore</translation>
    </message>
    <message>
        <source>丢弃</source>
        <translation>Discard</translation>
    </message>
    <message>
        <source>稍后再说</source>
        <translation>Later</translation>
    </message>
    <message>
        <source>……共 {n} 处</source>
        <translation>… {n} in all</translation>
    </message>
    <message>
        <source>保存会丢失部分内容</source>
        <translation>Saving will lose some content</translation>
    </message>
    <message>
        <source>打开“{name}”时，有些内容无法读取，已被略去。保存将用当前内容覆盖原文件。</source>
        <translation>Some content of “{name}” could not be read and was left out. Saving replaces the original file with the current content.</translation>
    </message>
    <message>
        <source>被略去的内容：</source>
        <translation>Left out:</translation>
    </message>
    <message>
        <source>建议先另存为新文件。</source>
        <translation>Consider saving under a new name first.</translation>
    </message>
    <message>
        <source>另存为…</source>
        <translation>Save As…</translation>
    </message>
    <message>
        <source>仍然覆盖</source>
        <translation>Overwrite Anyway</translation>
    </message>
    <message>
        <source>文件已被他人修改</source>
        <translation>File changed by someone else</translation>
    </message>
    <message>
        <source>“{name}”在您打开之后已被修改（可能是另一个窗口、另一台电脑或其他程序保存的）。</source>
        <translation>“{name}” was changed after you opened it (saved by another window, another computer or another program).</translation>
    </message>
    <message>
        <source>直接覆盖会丢失对方的修改。建议先比较两个版本，或另存为新文件。</source>
        <translation>Overwriting would lose those changes. Compare the two versions first, or save under a new name.</translation>
    </message>
    <message>
        <source>覆盖</source>
        <translation>Overwrite</translation>
    </message>
    <message>
        <source>比较…</source>
        <translation>Compare…</translation>
    </message>
    <message>
        <source>备案材料已存在</source>
        <translation>Filing package exists</translation>
    </message>
    <message>
        <source>“{name}”已存在。</source>
        <translation>“{name}” exists already.</translation>
    </message>
    <message>
        <source>新的备案材料全部生成后才会替换原有的文件夹和压缩包。是否替换？</source>
        <translation>The folder and the zip are replaced only once the new package is complete. Replace them?</translation>
    </message>
    <message>
        <source>替换</source>
        <translation>Replace</translation>
    </message>
    <message>
        <source>“{name}”仍被引用：</source>
        <translation>“{name}” is still used by:</translation>
    </message>
    <message>
        <source>  …另有 {n} 处</source>
        <translation>  … and {n} more</translation>
    </message>
    <message>
        <source>删除仍在使用的条目</source>
        <translation>Delete entries in use</translation>
    </message>
    <message>
        <source>删除后这些引用将失效，需要重新选择。仍要删除吗？（可以撤消）</source>
        <translation>These references will then name nothing and must be chosen again. Delete anyway? (It can be undone.)</translation>
    </message>
    <message>
        <source>仍然删除</source>
        <translation>Delete anyway</translation>
    </message>
    <message>
        <source>  …另有 {n} 个</source>
        <translation>  …and {n} more</translation>
    </message>
    <message>
        <source>更新演练文件</source>
        <translation>Update the drill files</translation>
    </message>
    <message>
        <source>另有{n}个演练文件引用了该编号，是否一并更新？</source>
        <translation>{n} drill file(s) use the renamed id. Update them as well?</translation>
    </message>
    <message>
        <source>更新前的演练文件保留为 .bak 备份。不更新则这些引用将失效。</source>
        <translation>The drill files are kept as .bak backups before they are updated. If they are not updated, these references break.</translation>
    </message>
    <message>
        <source>一并更新</source>
        <translation>Update them</translation>
    </message>
    <message>
        <source>不更新</source>
        <translation>Don&apos;t update</translation>
    </message>
    <message>
        <source>新建预案</source>
        <translation>New Plan</translation>
    </message>
    <message>
        <source>预案类型：</source>
        <translation>Plan kind:</translation>
    </message>
    <message>
        <source>请稍候…</source>
        <translation>Please wait…</translation>
    </message>
</context>
<context>
    <name>drill_dialogs</name>
    <message>
        <source>继续未结束的演练</source>
        <translation>Continue an unfinished drill</translation>
    </message>
    <message>
        <source>演练“{title}”上次未结束（记录 {id}，最后一条 {last}）。</source>
        <translation>The drill “{title}” was not ended last time (session {id}, last entry {last}).</translation>
    </message>
    <message>
        <source>继续演练将恢复演练时钟和全部记录，时钟处于暂停状态，按“继续”后接着计时。</source>
        <translation>Continuing restores the drill clock and every entry; the clock comes back paused and goes on when you press Resume.</translation>
    </message>
    <message>
        <source>继续演练</source>
        <translation>Continue drill</translation>
    </message>
    <message>
        <source>结束该场演练</source>
        <translation>End that session</translation>
    </message>
    <message>
        <source>稍后再说</source>
        <translation>Later</translation>
    </message>
    <message>
        <source>开始或继续演练</source>
        <translation>Start or continue the drill</translation>
    </message>
    <message>
        <source>演练“{title}”有一场未结束的记录（{id}，最后一条 {last}）。</source>
        <translation>The drill “{title}” has an unfinished session ({id}, last entry {last}).</translation>
    </message>
    <message>
        <source>继续这场演练，还是重新开始一场？</source>
        <translation>Continue that session, or start a new one?</translation>
    </message>
    <message>
        <source>继续这场</source>
        <translation>Continue it</translation>
    </message>
    <message>
        <source>重新开始</source>
        <translation>Start anew</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>结束后不能再下达注入或记录行动；观察记录、评分和发现的问题仍可补记。</source>
        <translation>After the end no inject can be delivered and no action recorded; observations, marks and findings can still be added.</translation>
    </message>
    <message>
        <source>还有 {n} 项期望行动未完成，结束后将记为未完成。</source>
        <translation>{n} expected action(s) are still open and will count as missed.</translation>
    </message>
    <message>
        <source>结束演练</source>
        <translation>End drill</translation>
    </message>
    <message>
        <source>确定结束演练？</source>
        <translation>End the drill now?</translation>
    </message>
    <message>
        <source>关闭演练控制台</source>
        <translation>Close the drill console</translation>
    </message>
    <message>
        <source>演练尚未结束。关闭后记录会保留，可随时从“演练 › 开始/继续演练”接着进行。</source>
        <translation>The drill has not ended. Its record is kept; continue it any time from Drill › Run or continue drill.</translation>
    </message>
    <message>
        <source>时钟将在关闭时暂停。</source>
        <translation>The clock is paused on closing.</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>不评估该项</source>
        <translation>Leave the criterion out</translation>
    </message>
    <message>
        <source>评估项“{name}”不评估的理由：</source>
        <translation>Why is “{name}” not evaluated:</translation>
    </message>
    <message>
        <source>时间压缩</source>
        <translation>Time compression</translation>
    </message>
    <message>
        <source>情景时间相对实际时间的倍数（0.1–100）：</source>
        <translation>Scenario time per real time (0.1–100):</translation>
    </message>
    <message>
        <source>临时注入</source>
        <translation>Unplanned inject</translation>
    </message>
    <message>
        <source>标题：</source>
        <translation>Title:</translation>
    </message>
    <message>
        <source>内容：</source>
        <translation>Text:</translation>
    </message>
    <message>
        <source>接收方：</source>
        <translation>To:</translation>
    </message>
    <message>
        <source>方式：</source>
        <translation>Channel:</translation>
    </message>
    <message>
        <source>立即下达</source>
        <translation>Deliver now</translation>
    </message>
    <message>
        <source>撤回记录</source>
        <translation>Retract entry</translation>
    </message>
    <message>
        <source>更正记录</source>
        <translation>Correct entry</translation>
    </message>
    <message>
        <source>原记录：</source>
        <translation>Entry:</translation>
    </message>
    <message>
        <source>（未指定）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>（不关联注入）</source>
        <translation>(no inject)</translation>
    </message>
    <message>
        <source>实际发生于情景时间第</source>
        <translation>It happened at scenario minute</translation>
    </message>
    <message>
        <source> 分钟</source>
        <translation> min</translation>
    </message>
    <message>
        <source>执行方：</source>
        <translation>Team:</translation>
    </message>
    <message>
        <source>关联注入：</source>
        <translation>Inject:</translation>
    </message>
    <message>
        <source>时间：</source>
        <translation>Time:</translation>
    </message>
    <message>
        <source>必填：为什么更正（如：记错注入、补记实际时间）</source>
        <translation>Required: why (e.g. wrong inject, the real time)</translation>
    </message>
    <message>
        <source>理由：</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <source>原记录不会被改动：更正作为一条新记录写入演练记录，报告中列出更正。</source>
        <translation>The entry itself is not changed: the correction is written as a new entry and listed in the reports.</translation>
    </message>
    <message>
        <source>撤回</source>
        <translation>Retract</translation>
    </message>
    <message>
        <source>更正</source>
        <translation>Correct</translation>
    </message>
    <message>
        <source>输入文字筛选…</source>
        <translation>Type to filter…</translation>
    </message>
    <message>
        <source>选择涉及的预案内容</source>
        <translation>Choose the plan item concerned</translation>
    </message>
    <message>
        <source>选择对应的处置步骤</source>
        <translation>Choose the procedure steps</translation>
    </message>
    <message>
        <source>导出演练文件</source>
        <translation>Export drill documents</translation>
    </message>
    <message>
        <source>导出哪一份文件：</source>
        <translation>Which document:</translation>
    </message>
</context>
<context>
    <name>drill_from_plan</name>
    <message>
        <source>从预案生成演练</source>
        <translation>New drill from plan</translation>
    </message>
    <message>
        <source>演练推演到哪一级响应？事态将从最低一级逐级发展到所选级别。</source>
        <translation>Up to which response level? The incident grows from the lowest level to the one chosen.</translation>
    </message>
    <message>
        <source>应急预案 (*.plan.yaml)</source>
        <translation>Emergency plans (*.plan.yaml)</translation>
    </message>
    <message>
        <source>预案中没有含处置步骤的处置程序</source>
        <translation>The plan has no procedure with steps</translation>
    </message>
    <message>
        <source>演练文件 (*.drill.yaml)</source>
        <translation>Drill files (*.drill.yaml)</translation>
    </message>
    <message>
        <source>已生成演练：{n} 条注入，{p} 名参演人员</source>
        <translation>Drill written: {n} injects, {p} participants</translation>
    </message>
</context>
<context>
    <name>drill_renames</name>
    <message>
        <source>更新演练文件</source>
        <translation>Update the drill files</translation>
    </message>
    <message>
        <source>预案已保存，但“{name}”未能更新：</source>
        <translation>The plan is saved, but &apos;{name}&apos; could not be updated:</translation>
    </message>
    <message>
        <source>；已更新 {n} 个演练文件</source>
        <translation>; {n} drill file(s) updated</translation>
    </message>
</context>
<context>
    <name>import_review</name>
    <message>
        <source>保留为文本</source>
        <translation>Kept as text</translation>
    </message>
    <message>
        <source>无法重新读取</source>
        <translation>Cannot read it again</translation>
    </message>
</context>
<context>
    <name>library_dialogs</name>
    <message>
        <source>年度工作计划</source>
        <translation>Annual work plan</translation>
    </message>
    <message>
        <source>例如：示范化工有限公司</source>
        <translation>e.g. Demo Chemicals Ltd.</translation>
    </message>
    <message>
        <source>根据预案库中 {n} 项预案的演练和评估期限，生成公文格式的“××年度应急演练和预案修订工作计划”（Word）。</source>
        <translation>From the drill and evaluation deadlines of the {n} plans in the library, write the annual drill and plan revision work plan as an official-format Word document.</translation>
    </message>
    <message>
        <source>导出…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>年度(&amp;Y)：</source>
        <translation>&amp;Year:</translation>
    </message>
    <message>
        <source>单位名称(&amp;U)：</source>
        <translation>&amp;Unit:</translation>
    </message>
</context>
<context>
    <name>presenter</name>
    <message>
        <source>只检测到一块屏幕，投影窗口会与控制台显示在同一屏幕上。</source>
        <translation>Only one screen was found: the presenter would open on the same screen as the console.</translation>
    </message>
    <message>
        <source>投影仪与本机屏幕显示相同内容（镜像/复制模式）。</source>
        <translation>The projector shows the same picture as this screen (mirrored/duplicate mode).</translation>
    </message>
    <message>
        <source>打开投影窗口</source>
        <translation>Open presenter</translation>
    </message>
    <message>
        <source>参演人员将看到控制台上的后续注入、期望行动和评分。建议把显示设置改为“扩展”，再打开投影窗口。</source>
        <translation>The players would see the console: upcoming injects, expected actions and marks. Set the display to “Extend” first, then open the presenter.</translation>
    </message>
    <message>
        <source>仍然打开</source>
        <translation>Open anyway</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>resume</name>
    <message>
        <source>结束演练</source>
        <translation>End drill</translation>
    </message>
</context>
<context>
    <name>tasks</name>
    <message>
        <source>正在取消…</source>
        <translation>Cancelling…</translation>
    </message>
</context>
</TS>
