<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
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
        <source>有 {n} 个模板文件无法使用，已略过：</source>
        <translation>{n} template files cannot be used and were skipped:</translation>
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
        <source>每行一项；点击别处完成编辑，Esc 取消</source>
        <translation>One item per line; click elsewhere to finish, Esc to cancel</translation>
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
        <source>文件已被删除或移走</source>
        <translation>The file was deleted or moved</translation>
    </message>
    <message>
        <source>“{name}”已不在磁盘上。您的内容仍在本窗口中，请保存以免丢失。</source>
        <translation>“{name}” is no longer on disk. Your content is still in this window; save it so it is not lost.</translation>
    </message>
    <message>
        <source>已保留本窗口中的版本；保存时将覆盖磁盘上的文件。</source>
        <translation>Kept the version in this window; saving will overwrite the file on disk.</translation>
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
        <source>快捷键</source>
        <translation>Keyboard Shortcuts</translation>
    </message>
    <message>
        <source>关于 PlanDrill</source>
        <translation>About PlanDrill</translation>
    </message>
    <message>
        <source>PlanDrill 应急预案与演练工作台 {version}</source>
        <translation>PlanDrill — Emergency Plans and Drills {version}</translation>
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
        <source>勾选以填写评审或论证信息（办法第二十一条规定哪些单位须评审）</source>
        <translation>Tick to enter the expert review or demonstration (Art. 21 of the Measures says which units need a review)</translation>
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
        <source>每段一行。标题编号按大纲自动生成，无需输入；在左侧大纲中拖动章节可调整顺序和层级。</source>
        <translation>One paragraph per line. Heading numbers come from the outline, do not type them; drag sections in the outline on the left to change order and level.</translation>
    </message>
    <message>
        <source>在此输入本章节正文，每段一行。</source>
        <translation>Type the text of this section here, one paragraph per line.</translation>
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
        <source>双击单元格或直接输入即可编辑；Delete 清空所选单元格。列表型单元格每行一项，引用型单元格从已有条目中选择。</source>
        <translation>Double-click a cell or just type to edit; Delete clears the selected cells. List cells take one item per line; reference cells are picked from existing entries.</translation>
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
        <source>日期，如 2026-03-01</source>
        <translation>A date like 2026-03-01</translation>
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
        <source>新建或打开一个预案开始工作；也可以把 .plan.yaml 文件拖到此窗口。</source>
        <translation>Create or open a plan to start; you can also drop a .plan.yaml file on this window.</translation>
    </message>
    <message>
        <source>新建空白预案…</source>
        <translation>New Blank Plan…</translation>
    </message>
    <message>
        <source>从模板新建…</source>
        <translation>New from Template…</translation>
    </message>
    <message>
        <source>打开预案…</source>
        <translation>Open Plan…</translation>
    </message>
    <message>
        <source>最近打开：</source>
        <translation>Recent files:</translation>
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
    <name>tasks</name>
    <message>
        <source>正在取消…</source>
        <translation>Cancelling…</translation>
    </message>
</context>
</TS>
